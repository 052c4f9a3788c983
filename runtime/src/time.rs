//! Dates, times and timestamps: conversions between the chrono types of generated code and the
//! integers Avro stores, and the exact text forms of `docs/json-encoding.md`.
//!
//! Conversions never round: a value with more precision than its unit (a `timestamp_ms` with
//! microseconds), a leap second, or a value outside the other side's range is an error.

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

/// Units of a time value: milliseconds or microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds, written with 3 fraction digits.
    Millis,
    /// Microseconds, written with 6 fraction digits.
    Micros,
}

impl Unit {
    const fn per_second(self) -> i64 {
        match self {
            Unit::Millis => 1_000,
            Unit::Micros => 1_000_000,
        }
    }

    const fn nanos(self) -> u32 {
        match self {
            Unit::Millis => 1_000_000,
            Unit::Micros => 1_000,
        }
    }

    const fn digits(self) -> usize {
        match self {
            Unit::Millis => 3,
            Unit::Micros => 6,
        }
    }
}

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;
/// Days from 1970-01-01 to 0001-01-01 and to 9999-12-31: the dates JSON can write.
const JSON_DAYS: std::ops::RangeInclusive<i64> = -719_162..=2_932_896;

/// Days since 1970-01-01.
pub fn date_to_days(date: &NaiveDate) -> i32 {
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The date `days` after 1970-01-01.
pub fn date_from_days(days: i32) -> Result<NaiveDate> {
    days.checked_add(EPOCH_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| Error::new(format!("date {days} is outside the range of chrono")))
}

use chrono::Datelike;

fn check_nanos(nanos: u32, unit: Unit) -> Result<()> {
    if nanos >= 1_000_000_000 {
        Err(Error::new("leap seconds cannot be represented"))
    } else if nanos % unit.nanos() != 0 {
        Err(Error::new(format!(
            "{nanos} ns is finer than the {} unit of the type",
            if unit == Unit::Millis {
                "millisecond"
            } else {
                "microsecond"
            }
        )))
    } else {
        Ok(())
    }
}

/// Units after midnight.
pub fn time_to_units(time: &NaiveTime, unit: Unit) -> Result<i64> {
    check_nanos(time.nanosecond(), unit)?;
    let seconds = i64::from(time.num_seconds_from_midnight());
    Ok(seconds * unit.per_second() + i64::from(time.nanosecond() / unit.nanos()))
}

/// The time `value` units after midnight (within one day).
pub fn time_from_units(value: i64, unit: Unit) -> Result<NaiveTime> {
    let per_second = unit.per_second();
    if !(0..SECONDS_PER_DAY * per_second).contains(&value) {
        return Err(Error::new(format!(
            "time {value} is outside one day (0..{})",
            SECONDS_PER_DAY * per_second
        )));
    }
    let nanos = (value % per_second) as u32 * unit.nanos();
    NaiveTime::from_num_seconds_from_midnight_opt((value / per_second) as u32, nanos)
        .ok_or_else(|| Error::new(format!("time {value} is invalid")))
}

/// Units since 1970-01-01T00:00:00Z.
pub fn timestamp_to_units(value: &DateTime<Utc>, unit: Unit) -> Result<i64> {
    local_timestamp_to_units(&value.naive_utc(), unit)
}

/// The UTC instant `value` units after the epoch.
pub fn timestamp_from_units(value: i64, unit: Unit) -> Result<DateTime<Utc>> {
    local_timestamp_from_units(value, unit).map(|t| t.and_utc())
}

/// Units since 1970-01-01T00:00:00 (no zone).
pub fn local_timestamp_to_units(value: &NaiveDateTime, unit: Unit) -> Result<i64> {
    check_nanos(value.nanosecond(), unit)?;
    let seconds = value.and_utc().timestamp();
    seconds
        .checked_mul(unit.per_second())
        .and_then(|s| s.checked_add(i64::from(value.nanosecond() / unit.nanos())))
        .ok_or_else(|| Error::new("timestamp overflows 64 bits"))
}

/// The local date and time `value` units after 1970-01-01T00:00:00.
pub fn local_timestamp_from_units(value: i64, unit: Unit) -> Result<NaiveDateTime> {
    let per_second = unit.per_second();
    let (seconds, rest) = (value.div_euclid(per_second), value.rem_euclid(per_second));
    DateTime::from_timestamp(seconds, rest as u32 * unit.nanos())
        .map(|t| t.naive_utc())
        .ok_or_else(|| Error::new(format!("timestamp {value} is outside the range of chrono")))
}

// ---- text forms (docs/json-encoding.md, section 2) -------------------------------------------

fn push_digits(out: &mut String, value: i64, width: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{value:0width$}");
}

fn check_json_days(days: i64) -> Result<()> {
    if JSON_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(Error::new(format!(
            "date {days} (days since 1970-01-01) is outside years 0001..9999, which JSON cannot represent"
        )))
    }
}

fn push_date(out: &mut String, date: &NaiveDate) -> Result<()> {
    check_json_days(i64::from(date_to_days(date)))?;
    push_digits(out, i64::from(date.year()), 4);
    out.push('-');
    push_digits(out, i64::from(date.month()), 2);
    out.push('-');
    push_digits(out, i64::from(date.day()), 2);
    Ok(())
}

fn push_clock(out: &mut String, units: i64, unit: Unit) {
    let per_second = unit.per_second();
    let (seconds, fraction) = (units / per_second, units % per_second);
    push_digits(out, seconds / 3600, 2);
    out.push(':');
    push_digits(out, seconds / 60 % 60, 2);
    out.push(':');
    push_digits(out, seconds % 60, 2);
    out.push('.');
    push_digits(out, fraction, unit.digits());
}

/// `YYYY-MM-DD`; years 0001..9999 only.
pub fn date_text(date: &NaiveDate) -> Result<String> {
    let mut out = String::with_capacity(10);
    push_date(&mut out, date)?;
    Ok(out)
}

/// `HH:MM:SS.mmm` or `HH:MM:SS.uuuuuu`.
pub fn time_text(time: &NaiveTime, unit: Unit) -> Result<String> {
    let units = time_to_units(time, unit)?;
    let mut out = String::with_capacity(15);
    push_clock(&mut out, units, unit);
    Ok(out)
}

/// `YYYY-MM-DDTHH:MM:SS.fff` with 3 or 6 fraction digits, then `zone` (`Z` or nothing).
pub fn local_timestamp_text(value: &NaiveDateTime, unit: Unit, zone: &str) -> Result<String> {
    let units = local_timestamp_to_units(value, unit)?;
    let per_day = SECONDS_PER_DAY * unit.per_second();
    let mut out = String::with_capacity(27);
    push_date(&mut out, &value.date()).map_err(|_| {
        Error::new(format!(
            "timestamp {units} is outside years 0001..9999, which JSON cannot represent"
        ))
    })?;
    out.push('T');
    push_clock(&mut out, units.rem_euclid(per_day), unit);
    out.push_str(zone);
    Ok(out)
}

/// The UTC timestamp text, ending in `Z`.
pub fn timestamp_text(value: &DateTime<Utc>, unit: Unit) -> Result<String> {
    local_timestamp_text(&value.naive_utc(), unit, "Z")
}

/// A small cursor over ASCII text for the strict parsers below.
struct Text<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Text<'_> {
    fn number(&mut self, width: usize) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + width)?;
        self.at += width;
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    }

    fn literal(&mut self, c: u8) -> Option<()> {
        (self.bytes.get(self.at) == Some(&c)).then(|| self.at += 1)
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let year = self.number(4)?;
        self.literal(b'-')?;
        let month = self.number(2)?;
        self.literal(b'-')?;
        let day = self.number(2)?;
        NaiveDate::from_ymd_opt(year as i32, month, day).filter(|_| year >= 1)
    }

    /// `HH:MM:SS[.f{1,9}]`: the time and its nanoseconds.
    fn time(&mut self) -> Option<NaiveTime> {
        let hour = self.number(2)?;
        self.literal(b':')?;
        let minute = self.number(2)?;
        self.literal(b':')?;
        let second = self.number(2)?;
        let mut nanos = 0;
        if self.literal(b'.').is_some() {
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
            let digits = self.at - start;
            if digits == 0 || digits > 9 {
                return None;
            }
            self.at = start;
            nanos = self.number(digits)? * 10u32.pow(9 - digits as u32);
        }
        NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).filter(|_| second < 60)
    }

    fn end(&self) -> Option<()> {
        (self.at == self.bytes.len()).then_some(())
    }
}

fn parse<T>(text: &str, what: &str, f: impl FnOnce(&mut Text<'_>) -> Option<T>) -> Result<T> {
    let mut cursor = Text {
        bytes: text.as_bytes(),
        at: 0,
    };
    f(&mut cursor)
        .and_then(|v| cursor.end().map(|()| v))
        .ok_or_else(|| Error::new(format!("`{text}` is not a {what}")))
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    parse(text, "date (YYYY-MM-DD)", |t| t.date())
}

/// Reads `HH:MM:SS.f`; the value must be exact in `unit`.
pub fn parse_time(text: &str, unit: Unit) -> Result<NaiveTime> {
    let time = parse(text, "time of day (HH:MM:SS.fff)", |t| t.time())?;
    time_to_units(&time, unit)?;
    Ok(time)
}

/// Reads `YYYY-MM-DDTHH:MM:SS.f` followed by `zone`; the value must be exact in `unit`.
pub fn parse_local_timestamp(text: &str, unit: Unit, zone: &str) -> Result<NaiveDateTime> {
    let stamp = parse(text, "timestamp (YYYY-MM-DDTHH:MM:SS.fff)", |t| {
        let date = t.date()?;
        t.literal(b'T')?;
        let time = t.time()?;
        zone.bytes().try_for_each(|c| t.literal(c))?;
        Some(date.and_time(time))
    })?;
    local_timestamp_to_units(&stamp, unit)?;
    Ok(stamp)
}

/// Reads a UTC timestamp ending in `Z`.
pub fn parse_timestamp(text: &str, unit: Unit) -> Result<DateTime<Utc>> {
    parse_local_timestamp(text, unit, "Z").map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_of_the_json_encoding() {
        let epoch = timestamp_from_units(-1, Unit::Millis).unwrap();
        assert_eq!(
            timestamp_text(&epoch, Unit::Millis).unwrap(),
            "1969-12-31T23:59:59.999Z"
        );
        let t = local_timestamp_from_units(253_402_300_799_999_999, Unit::Micros).unwrap();
        assert_eq!(
            local_timestamp_text(&t, Unit::Micros, "").unwrap(),
            "9999-12-31T23:59:59.999999"
        );
        assert_eq!(
            date_text(&date_from_days(-719_162).unwrap()).unwrap(),
            "0001-01-01"
        );
        assert!(date_text(&date_from_days(-719_163).unwrap()).is_err());
        let time = time_from_units(45_296_789, Unit::Millis).unwrap();
        assert_eq!(time_text(&time, Unit::Millis).unwrap(), "12:34:56.789");
    }

    #[test]
    fn parses_back_exactly() {
        let t = parse_timestamp("2024-01-01T00:00:00.123456Z", Unit::Micros).unwrap();
        assert_eq!(
            timestamp_to_units(&t, Unit::Micros).unwrap(),
            1_704_067_200_123_456
        );
        assert!(parse_timestamp("2024-01-01T00:00:00.1234Z", Unit::Millis).is_err());
        assert!(parse_date("2023-02-29").is_err());
        assert_eq!(
            parse_time("00:00:00.5", Unit::Millis).unwrap().nanosecond(),
            500_000_000
        );
    }
}
