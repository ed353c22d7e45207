//! The command line speaks French: clap's help headings, its help and version flags and its
//! usage errors (a module of the `memoire` binary).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

/// Parses the command line into `P` with French help and errors; prints and exits on `--help`,
/// `--version` or a usage error (code 2), like clap's own `parse`.
/// `memoire help build` and `memoire aide build` are read as `memoire build --help`.
pub fn parse<P: CommandFactory + FromArgMatches>() -> P {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if matches!(args.get(1).and_then(|a| a.to_str()), Some("help" | "aide")) {
        args.remove(1);
        args.push("--help".into());
    }
    let parsed = command(P::command()).try_get_matches_from(args).and_then(|m| P::from_arg_matches(&m));
    parsed.unwrap_or_else(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            e.exit()
        }
        _ => e.apply::<French>().exit(),
    })
}

/// The help page of every command: clap's layout with French words.
const TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// `cmd` and each of its subcommands with French help: « Utilisation », « Commandes : »,
/// `-h, --help  Affiche l’aide`, and no `help` subcommand (see [`parse`]).
fn command(cmd: Command) -> Command {
    let cmd = cmd
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("Affiche la version"));
    french_help(cmd).disable_help_subcommand(true)
}

fn french_help(cmd: Command) -> Command {
    let help = Arg::new("aide").short('h').long("help").action(ArgAction::Help).help("Affiche l’aide");
    // clap writes a colon right after a heading: the no-break space makes it « Options : ».
    cmd.disable_help_flag(true)
        .arg(help)
        .mut_args(|arg| match arg.get_help_heading() {
            Some(_) => arg,
            None if arg.is_positional() => arg.help_heading("Arguments\u{a0}"),
            None => arg.help_heading("Options\u{a0}"),
        })
        .help_template(TEMPLATE)
        .subcommand_help_heading("Commandes\u{a0}")
        .subcommand_value_name("COMMANDE")
        .mut_subcommands(french_help)
}

/// Formats clap's usage errors in French, with the same information as its English ones:
/// what was wrong, a suggestion when clap has one, and the usage line.
struct French;

impl ErrorFormatter for French {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        let context = |kind| error.get(kind).map(|v: &ContextValue| quoted(v));
        let invalid_arg = context(ContextKind::InvalidArg).unwrap_or_default();
        let mut text = String::from("erreur: ");
        text += &match error.kind() {
            ErrorKind::InvalidSubcommand => {
                format!("commande inconnue : {}", context(ContextKind::InvalidSubcommand).unwrap_or_default())
            }
            ErrorKind::UnknownArgument => format!("option inconnue : {invalid_arg}"),
            ErrorKind::InvalidValue if matches!(error.get(ContextKind::InvalidValue), Some(ContextValue::String(v)) if v.is_empty()) =>
            {
                format!("il manque la valeur de {invalid_arg}")
            }
            ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
                "valeur refusée pour {invalid_arg} : {}",
                context(ContextKind::InvalidValue).unwrap_or_default()
            ),
            ErrorKind::MissingRequiredArgument => format!("il manque {invalid_arg}"),
            ErrorKind::MissingSubcommand => "il manque la commande".to_string(),
            ErrorKind::ArgumentConflict => {
                format!("{invalid_arg} ne va pas avec {}", context(ContextKind::PriorArg).unwrap_or_default())
            }
            ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                format!("nombre de valeurs incorrect pour {invalid_arg}")
            }
            _ => format!("ligne de commande incorrecte ({:?}) {invalid_arg}", error.kind()),
        };
        for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
            if let Some(suggestion) = context(kind) {
                text += &format!("\n\n  suggestion : {suggestion} ?");
            }
        }
        // « Usage: memoire build [OPTIONS] » names the command whose help to suggest.
        let usage = error.get(ContextKind::Usage).map(|u| u.to_string()).unwrap_or_default();
        let usage = usage.trim().strip_prefix("Usage:").unwrap_or("").trim();
        let path: Vec<&str> = usage.split(' ').take_while(|w| !w.is_empty() && !w.starts_with(['[', '<'])).collect();
        if !usage.is_empty() {
            text += &format!("\n\nUtilisation : {usage}");
        }
        let path = if path.is_empty() { "memoire".to_string() } else { path.join(" ") };
        text += &format!("\n\nPour en savoir plus : {path} --help\n");
        StyledStr::from(text)
    }
}

/// A value of clap's error context between French quotation marks, « --pfd ».
fn quoted(value: &ContextValue) -> String {
    let one = |s: &dyn std::fmt::Display| format!("«\u{a0}{s}\u{a0}»");
    match value {
        ContextValue::String(s) => one(s),
        ContextValue::Strings(v) => v.iter().map(|s| one(s)).collect::<Vec<_>>().join(", "),
        ContextValue::StyledStr(s) => one(s),
        ContextValue::StyledStrs(v) => v.iter().map(|s| one(s)).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
