//! Link destinations as the author writes them: a web address that may stay live, or a note
//! file (and anchor) relative to the note. Everything else is refused, with the reason.

use std::path::Path;

use crate::model::LinkTarget;

/// The web schemes a link may keep live in the outputs.
pub const LIVE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Classifies a link destination: web address, or note file (+ anchor) relative to the note
/// `file`. Refused (the reason returned): an empty destination, a scheme other than
/// [`LIVE_SCHEMES`] (`javascript:`, `data:`, `file:`…), an address without scheme (`//hôte`).
pub fn link_target(file: &Path, url: &str) -> Result<LinkTarget, String> {
    if url.trim().is_empty() {
        return Err("destination vide `[texte]()`".into());
    }
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        s.len() > 1
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if let Some(scheme) = scheme {
        let scheme = scheme.to_ascii_lowercase();
        if scheme.starts_with("http") && LIVE_SCHEMES.contains(&scheme.as_str()) && !host_ok(url) {
            return Err(format!("adresse web sans nom de domaine valable « {} »", crate::diag::excerpt(url, 60)));
        }
        return if LIVE_SCHEMES.contains(&scheme.as_str()) {
            Ok(LinkTarget::External(url.to_string()))
        } else {
            Err(format!("adresse « {}: » refusée", crate::diag::excerpt(&scheme, 20)))
        };
    }
    if url.starts_with("//") {
        return Err(format!("adresse sans protocole « {} »", crate::diag::excerpt(url, 60)));
    }
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (url, None),
    };
    let path = if path.is_empty() {
        file.to_path_buf()
    } else {
        let dir = file.parent().unwrap_or(Path::new(""));
        crate::files::normalize(&dir.join(percent_decode(path)))
    };
    Ok(LinkTarget::Note { path, anchor })
}

/// True for an address that may stay a live link in the outputs (see [`link_target`]).
pub fn is_live(url: &str) -> bool {
    matches!(link_target(Path::new(""), url), Ok(LinkTarget::External(_)))
}

/// Whether an `http(s)://` address names a host: labels that are not empty (`https://../`
/// and `https:///x` do not).
fn host_ok(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else { return false };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or("") };
    !host.is_empty() && (host.starts_with('[') || host.split('.').all(|label| !label.is_empty()))
}

/// Decodes `%C3%A9`-style escapes; invalid sequences stay as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(Some(h)), Some(Some(l))) =
                (bytes.get(i + 1).map(|b| hex(*b)), bytes.get(i + 2).map(|b| hex(*b)))
            {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn destinations() {
        let note = Path::new("content/notes/n.md");
        let target = |url: &str| link_target(note, url);
        assert_eq!(target("HTTPS://a.org"), Ok(LinkTarget::External("HTTPS://a.org".into())));
        assert_eq!(
            target("../autre.md#ma-section"),
            Ok(LinkTarget::Note { path: PathBuf::from("content/autre.md"), anchor: Some("ma-section".into()) })
        );
        assert_eq!(target("#ici"), Ok(LinkTarget::Note { path: note.to_path_buf(), anchor: Some("ici".into()) }));
        for ok in ["https://a.org:8080/x", "http://user@a.b.org/", "https://[::1]/", "mailto:a@b.org"] {
            assert!(matches!(target(ok), Ok(LinkTarget::External(_))), "{ok}");
        }
        for refused in [
            "javascript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.org",
            "",
            "  ",
            "https://../",
            "https:///x",
        ] {
            assert!(target(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn percent_escapes_never_cut_a_character() {
        assert_eq!(percent_decode("%aé"), "%aé");
        assert_eq!(percent_decode("a%"), "a%");
        assert_eq!(percent_decode("%é%41"), "%éA");
        assert_eq!(percent_decode("r%C3%A9sum%C3%A9.md"), "résumé.md");
        assert!(link_target(Path::new("content/n.md"), "%aé#%aé").is_ok());
    }
}
