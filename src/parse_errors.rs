//! The YAML and TOML readers' messages said in French, with the fix: an author who writes
//! `title: Un titre : la suite` reads « mettez la valeur entre guillemets : elle contient « : » »,
//! never `mapping values are not allowed in this context`. One place holds every translation;
//! a message this table does not know gets a French message of its kind, never the English.

/// A translated problem: what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub message: String,
    pub hint: String,
}

fn said(message: impl Into<String>, hint: impl Into<String>) -> Said {
    Said { message: message.into(), hint: hint.into() }
}

/// A YAML reader's message (yaml-rust2's scanner and parser), for a note's header; `line` is the
/// text of the line it points at.
pub fn yaml(english: &str, line: &str) -> Said {
    let quote_hint = |what: &str| {
        let key = line.split(':').next().unwrap_or("title").trim();
        let key = if key.is_empty() || key.contains(' ') { "title" } else { key };
        format!("mettez la valeur entre guillemets : elle contient {what} ({key}: \"…\")")
    };
    let e = english.to_ascii_lowercase();
    if e.contains("mapping values are not allowed") || e.contains("illegal placement of ':'") {
        return said("« : » dans une valeur de l’en-tête", quote_hint("« : »"));
    }
    if e.contains("quoted scalar")
        && (e.contains("end of stream") || e.contains("indentation") || e.contains("document indicator"))
    {
        return said(
            "guillemet fermant manquant dans l’en-tête",
            "fermez le guillemet ouvert sur cette ligne (une valeur entre \"…\" tient sur une ligne)",
        );
    }
    if e.contains("trailing content after double-quoted") {
        return said(
            "du texte suit le guillemet fermant",
            "mettez toute la valeur entre les guillemets ; un guillemet dans la valeur s’écrit \\\"",
        );
    }
    if e.contains("unknown escape") || e.contains("hexadecimal") || e.contains("unicode character escape") {
        return said(
            "barre oblique inverse (\\) suivie d’un caractère inconnu, entre guillemets doubles",
            "doublez-la (\\\\), ou mettez la valeur entre guillemets simples ('…')",
        );
    }
    if e.contains("tab") {
        return said("tabulation dans l’en-tête", "remplacez les tabulations par des espaces");
    }
    if e.contains("anchor") || e.contains("alias") {
        return said("« & » ou « * » au début d’une valeur", quote_hint("« & » ou « * »"));
    }
    if e.contains("block sequence entries") || e.contains("cannot start with '-'") {
        return said("« - » au début d’une valeur", quote_hint("« - »"));
    }
    if e.contains("flow sequence") || e.contains("flow mapping") || e.contains("flow construct") {
        return said("crochet ou accolade non fermé dans une valeur", quote_hint("« [ » ou « { »"));
    }
    if e.contains("comments must be separated") {
        return said("« # » collé à un mot", quote_hint("« # »"));
    }
    if e.contains("block scalar") {
        return said("bloc de texte (« | » ou « > ») mal formé", quote_hint("« | » ou « > »"));
    }
    if e.contains("tag") {
        return said("« ! » au début d’une valeur", quote_hint("« ! »"));
    }
    if e.contains("did not find expected key") || e.contains("simple key") || e.contains("indentation") {
        return said(
            "ligne d’en-tête qui n’est pas « clé: valeur »",
            "chaque ligne de l’en-tête est une clé, un deux-points, une espace et la valeur (title: Mon titre), en début de ligne",
        );
    }
    said(
        "en-tête YAML illisible",
        "chaque ligne est « clé: valeur » ; mettez entre guillemets une valeur qui contient « : », « # » ou commence par « [ », « { », « - », « & », « * » ou « ! »",
    )
}

/// The names between backticks in a message: `unknown field \`x\`, expected one of \`a\`, \`b\``.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// A TOML reader's message (the `toml` crate, serde's for fields), for `memoire.toml`.
pub fn toml(english: &str) -> Said {
    let names = quoted(english);
    if english.starts_with("unknown field") {
        let unknown = names.first().copied().unwrap_or("");
        let known: Vec<&str> = names.iter().skip(1).copied().collect();
        let hint = match crate::util::closest(unknown, &known) {
            Some(close) => format!("vouliez-vous dire « {close} » ?"),
            None => format!("les clés connues ici : {}", known.join(", ")),
        };
        return said(format!("clé inconnue « {unknown} »"), hint);
    }
    if english.starts_with("missing field") {
        let key = names.first().copied().unwrap_or("");
        return said(format!("clé « {key} » manquante"), format!("ajoutez la ligne {key} = \"…\""));
    }
    if english.starts_with("duplicate key") {
        let key = names.first().copied().unwrap_or("");
        return said(format!("clé « {key} » écrite deux fois"), "gardez une seule des deux lignes");
    }
    if english.starts_with("invalid type") || english.starts_with("invalid value") {
        let expected = if english.contains("expected a string") {
            "un texte entre guillemets (\"…\")"
        } else if english.contains("usize") || english.contains("integer") && english.contains("expected u") {
            "un nombre entier positif, sans guillemets"
        } else if english.contains("a boolean") || english.contains("bool") {
            "true ou false, sans guillemets"
        } else if english.contains("sequence") {
            "une liste entre crochets ([\"…\", \"…\"])"
        } else if english.contains("f64") || english.contains("float") {
            "un nombre (12 ou 1.5), sans guillemets"
        } else {
            "une valeur d’un autre type"
        };
        return said("valeur du mauvais type", format!("cette clé attend {expected}"));
    }
    if english.contains("basic string") || english.contains("literal string") || english.contains("invalid string") {
        return said(
            "texte mal fermé : guillemet fermant manquant, ou valeur sans guillemets",
            "écrivez la valeur entre guillemets sur une ligne : title = \"Mon titre\"",
        );
    }
    if english.contains("escape sequence") {
        return said(
            "barre oblique inverse (\\) suivie d’un caractère inconnu",
            "doublez-la (\\\\), ou écrivez la valeur entre apostrophes ('…')",
        );
    }
    if english.contains("table header") {
        return said(
            "en-tête de section mal formé",
            "une section s’écrit entre crochets, seule sur sa ligne : [memoire]",
        );
    }
    if english.contains("array") {
        return said(
            "liste mal fermée",
            "une liste s’écrit entre crochets, ses éléments séparés par des virgules : [\"a\", \"b\"]",
        );
    }
    if english.contains("expected `.`, `=`") || english.contains("expected `=`") || english.contains("invalid key") {
        return said(
            "ligne qui n’est pas « clé = valeur »",
            "écrivez la clé, un signe =, puis la valeur : title = \"Mon titre\"",
        );
    }
    if english.contains("expected newline") {
        return said("du texte suit la valeur sur la même ligne", "une clé par ligne ; un commentaire commence par #");
    }
    said(
        "memoire.toml illisible à cet endroit",
        "chaque ligne est « clé = valeur » (les textes entre guillemets) ou une section [nom] ; voir les commentaires du fichier",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_cases_get_their_fix() {
        assert_eq!(
            yaml("mapping values are not allowed in this context", "title: Un titre : suite").hint,
            "mettez la valeur entre guillemets : elle contient « : » (title: \"…\")"
        );
        assert_eq!(
            yaml("invalid indentation in quoted scalar", "title: \"Un titre").message,
            "guillemet fermant manquant dans l’en-tête"
        );
        let t = toml("unknown field `presentaton`, expected one of `title`, `presentation`, `author`");
        assert_eq!(
            (t.message.as_str(), t.hint.as_str()),
            ("clé inconnue « presentaton »", "vouliez-vous dire « presentation » ?")
        );
        assert!(toml("invalid basic string").message.contains("guillemet fermant manquant"));
    }
}
