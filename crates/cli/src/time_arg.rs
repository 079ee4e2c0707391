//! Times on the command line: RFC 3339 (`2026-12-01T09:00:00+09:00`), `now`, or an offset from
//! now (`+30d`, `+12h`, `+90m`, `+2w`).

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

pub fn parse(input: &str, now: OffsetDateTime) -> Result<OffsetDateTime, String> {
    let input = input.trim();
    if input == "now" {
        return Ok(now);
    }
    if let Some(offset) = input.strip_prefix('+') {
        let split = offset.len().saturating_sub(1);
        let (number, unit) = offset.split_at(split);
        let n: i64 = number.parse().map_err(|_| format!("{input:?}: expected a number before the unit, as in +30d"))?;
        let d = match unit {
            "m" => Duration::minutes(n),
            "h" => Duration::hours(n),
            "d" => Duration::days(n),
            "w" => Duration::weeks(n),
            _ => return Err(format!("{input:?}: the unit must be m, h, d or w (minutes, hours, days, weeks)")),
        };
        return Ok(now + d);
    }
    OffsetDateTime::parse(input, &Rfc3339)
        .map_err(|e| format!("{input:?} is not a time ({e}); use RFC 3339 such as 2026-12-01T09:00:00+09:00, or +30d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn accepts_offsets_and_rfc3339() {
        let now = datetime!(2026-11-25 12:00 UTC);
        assert_eq!(parse("now", now), Ok(now));
        assert_eq!(parse("+30d", now), Ok(datetime!(2026-12-25 12:00 UTC)));
        assert_eq!(parse("+90m", now), Ok(datetime!(2026-11-25 13:30 UTC)));
        assert_eq!(parse("2026-12-01T09:00:00+09:00", now), Ok(datetime!(2026-12-01 0:00 UTC)));
    }

    #[test]
    fn refuses_nonsense_with_a_hint() {
        let now = datetime!(2026-11-25 12:00 UTC);
        assert!(parse("+30x", now).expect_err("refused").contains("unit"));
        assert!(parse("tomorrow", now).expect_err("refused").contains("RFC 3339"));
    }
}
