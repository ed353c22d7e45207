//! The build date: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC). It is the only clock
//! the outputs see, so the same inputs and date give the same bytes.

use std::fmt;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BuildDate {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

impl BuildDate {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("date invalide « {text} » : attendu AAAA-MM-JJ, par exemple 2026-11-26");
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (year, month, day) =
            (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        BuildDate { year, month, day }.checked()
    }

    /// The first and last years every output can record: a zip entry's date (and so an EPUB's
    /// and the archive's) holds 1980 to 2107.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1980..=2107;

    /// The date itself when every output can record it, else the reason.
    pub fn checked(self) -> Result<Self, String> {
        if Self::YEARS.contains(&self.year) {
            Ok(self)
        } else {
            Err(format!(
                "date de construction {self} hors des limites des formats ({} à {})",
                Self::YEARS.start(),
                Self::YEARS.end()
            ))
        }
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_unix_days(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        BuildDate { year, month, day }
    }

    /// `--date` if given, else `SOURCE_DATE_EPOCH`, else today (UTC).
    pub fn resolve(arg: Option<&str>) -> Result<Self, String> {
        if let Some(a) = arg {
            return Self::parse(a);
        }
        if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
            let secs: i64 = epoch
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH invalide : « {} »", crate::diag::excerpt(&epoch, 30)))?;
            // Clamped first so that the calendar arithmetic cannot overflow; judged after.
            let days = secs.div_euclid(86_400).clamp(-1_000_000, 1_000_000);
            return Self::from_unix_days(days)
                .checked()
                .map_err(|e| format!("SOURCE_DATE_EPOCH={} : {e}", crate::diag::excerpt(epoch.trim(), 30)));
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| format!("horloge invalide : {e}"))?
            .as_secs();
        Self::from_unix_days((secs / 86_400) as i64).checked()
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for BuildDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The months as French writes them, in lower case, January first.
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl BuildDate {
    /// The month and year in French: « décembre 2026 ».
    pub fn month_year_fr(&self) -> String {
        format!("{} {}", MONTHS_FR[usize::from(self.month).clamp(1, 12) - 1], self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(BuildDate::parse("2026-11-26").unwrap().to_string(), "2026-11-26");
        for bad in ["2026-13-01", "2026-02-30", "26-11-26", "2026/11/26", "", "2024-02-29x"] {
            assert!(BuildDate::parse(bad).is_err(), "{bad}");
        }
        assert!(BuildDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn dates_outside_the_formats_are_refused() {
        for bad in ["1979-12-31", "2108-01-01", "9999-12-31"] {
            let e = BuildDate::parse(bad).unwrap_err();
            assert!(e.contains("hors des limites"), "{bad}: {e}");
        }
        assert!(BuildDate::parse("1980-01-01").is_ok() && BuildDate::parse("2107-12-31").is_ok());
        for epoch in ["253402300800", "-9223372036854775808", "9223372036854775807", "-1"] {
            assert!(
                BuildDate::from_unix_days(
                    epoch.parse::<i64>().unwrap().div_euclid(86_400).clamp(-1_000_000, 1_000_000)
                )
                .checked()
                .is_err(),
                "{epoch}"
            );
        }
    }

    #[test]
    fn unix_days() {
        assert_eq!(BuildDate::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(BuildDate::from_unix_days(20_418).to_string(), "2025-11-26");
        assert_eq!(BuildDate::from_unix_days(19_782).to_string(), "2024-02-29");
    }
}
