//! A rebuild that starts from what the previous build knew (`memoire watch`).
//!
//! Typst lays a document out until its introspections settle: page numbers, counters, the
//! places of labels. `typst::compile` always starts that from an empty introspector, so every
//! build of the mémoire is laid out at least twice (the first pass knows no page number), even
//! when Typst's memoization makes each pass cheap. [`compile_from`] is the same loop started
//! from the introspector of the previous build: when an edit moves no label to another page, the
//! first pass is already consistent and is the only one (about 20 ms of a 65-note rebuild).
//!
//! The result is the same fixed point: a pass is accepted only when every introspection it
//! made gives the same answer on the document it produced, exactly Typst's own test. When the
//! loop does not settle in [`MAX_ITERS`] passes, the caller compiles again with
//! `typst::compile`, which reports why.

use std::collections::HashSet;

use typst::comemo::{Constraint, Track};
use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::ecow::EcoVec;
use typst::engine::{Engine, Route, Sink, Traced};
use typst::foundations::{Output, StyleChain, Target, TargetElem};
use typst::introspection::{Introspector, MAX_ITERS};
use typst::utils::Protected;
use typst::World;
use typst_layout::PagedDocument;

/// What Typst gives, and how many layout passes it took.
pub type Compiled = (Warned<SourceResult<PagedDocument>>, usize);

/// Compiles `world` as `typst::compile` does, the first pass reading `seed` (the introspector
/// of the previous build). `None` when the passes did not settle: compile again from scratch.
pub fn compile_from(world: &dyn World, seed: &dyn Introspector) -> Option<Compiled> {
    let world = world.track();
    let library = world.library();
    let traced = Traced::default();
    let traced = traced.track();
    let mut sink = Sink::new();
    let target = TargetElem::target.set(Target::Paged).wrap();
    let styles = StyleChain::new(&library.styles);
    let styles = styles.chain(&target);
    // A main file that cannot be read is reported by `typst::compile`.
    let main = world.source(world.main()).ok()?;
    let content = match typst_eval::eval(world, library, traced, sink.track_mut(), Route::default().track(), &main) {
        Ok(module) => module.content(),
        Err(errors) => return Some((Warned { output: Err(deduplicate(errors)), warnings: sink.warnings() }, 0)),
    };
    let mut previous: Option<PagedDocument> = None;
    for pass in 1..=MAX_ITERS {
        let introspector: &dyn Introspector = match &previous {
            Some(document) => Output::introspector(document),
            None => seed,
        };
        let constraint = Constraint::new();
        let mut subsink = Sink::new();
        let mut engine = Engine {
            library,
            world,
            introspector: Protected::new(introspector.track_with(&constraint)),
            traced,
            sink: subsink.track_mut(),
            route: Route::default(),
        };
        let document = match PagedDocument::create(&mut engine, &content, styles) {
            Ok(d) => d,
            Err(errors) => return Some((Warned { output: Err(deduplicate(errors)), warnings: sink.warnings() }, pass)),
        };
        if constraint.validate(Output::introspector(&document)) {
            sink.extend_from_sink(subsink);
            let delayed = sink.delayed();
            let output = if delayed.is_empty() { Ok(document) } else { Err(deduplicate(delayed)) };
            return Some((Warned { output, warnings: sink.warnings() }, pass));
        }
        previous = Some(document);
    }
    None
}

/// One diagnostic per span and message, as `typst::compile` gives them.
fn deduplicate(mut diags: EcoVec<SourceDiagnostic>) -> EcoVec<SourceDiagnostic> {
    let mut seen = HashSet::new();
    diags.retain(|d| seen.insert((d.span, d.message.clone())));
    diags
}
