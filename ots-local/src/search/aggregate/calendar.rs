//! Date histogram buckets: fixed lengths (milliseconds to days), weeks starting on Monday, and
//! calendar months, quarters and years, in a fixed-offset time zone, shifted by an offset.

use crate::error::{ServiceError, ServiceResult};
use ots_proto::pb::search as spb;

const MS_PER_DAY: i64 = 86_400_000;
/// 1969-12-29, a Monday: weeks are counted from it.
const MONDAY_ORIGIN_MS: i64 = -3 * MS_PER_DAY;

/// What one step of an interval is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// A fixed number of milliseconds (millisecond, second, minute, hour, day).
    Fixed(i64),
    /// A week, Monday to Sunday.
    Week,
    /// A number of calendar months (1 month, 3 a quarter, 12 a year).
    Months(i64),
}

/// `count` times a unit (a `DateTimeValue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Step {
    pub(super) count: i64,
    pub(super) unit: Unit,
}

impl Step {
    /// A `DateTimeValue` as a step.
    ///
    /// # Errors
    /// 400 `OTSParameterInvalid` without a value or a known unit.
    pub(super) fn read(v: &spb::DateTimeValue, tag: &str, what: &str) -> ServiceResult<Self> {
        use spb::DateTimeUnit as U;
        let count = v
            .value
            .ok_or_else(|| ServiceError::param(format!("[{tag}] the value of {what} is required.")))?;
        let unit = match v.unit.and_then(|u| U::try_from(u).ok()) {
            Some(U::Year) => Unit::Months(12),
            Some(U::QuarterYear) => Unit::Months(3),
            Some(U::Month) => Unit::Months(1),
            Some(U::Week) => Unit::Week,
            Some(U::Day) => Unit::Fixed(MS_PER_DAY),
            Some(U::Hour) => Unit::Fixed(3_600_000),
            Some(U::Minute) => Unit::Fixed(60_000),
            Some(U::Second) => Unit::Fixed(1_000),
            Some(U::Millisecond) => Unit::Fixed(1),
            None => {
                return Err(ServiceError::param(format!(
                    "[{tag}] the unit of {what} is missing or unknown."
                )))
            }
        };
        Ok(Self {
            count: i64::from(count),
            unit,
        })
    }

    /// The length of a fixed or week step in milliseconds.
    fn fixed_ms(self) -> Option<i64> {
        match self.unit {
            Unit::Fixed(len) => Some(len.saturating_mul(self.count)),
            Unit::Week => Some((7 * MS_PER_DAY).saturating_mul(self.count)),
            Unit::Months(_) => None,
        }
    }

    /// `ms` moved by this step `times` times; calendar months keep the time of day and the day
    /// of the month (the last day when the month is shorter).
    fn shift(self, ms: i64, times: i64) -> i64 {
        match (self.fixed_ms(), self.unit) {
            (Some(len), _) => ms.saturating_add(len.saturating_mul(times)),
            (None, Unit::Months(k)) => add_months(ms, k.saturating_mul(self.count).saturating_mul(times)),
            (None, _) => ms,
        }
    }
}

/// How a date histogram splits time: buckets of `interval`, aligned in the time zone
/// `zone_ms` ahead of UTC, moved by `offset`.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateBuckets {
    pub(super) interval: Step,
    pub(super) offset: Option<Step>,
    pub(super) zone_ms: i64,
}

impl DateBuckets {
    /// The local time `t` (UTC milliseconds) is in, moved back by the offset.
    fn aligned(&self, t: i64) -> i64 {
        let local = t.saturating_add(self.zone_ms);
        self.offset.map_or(local, |o| o.shift(local, -1))
    }

    /// The number of the bucket `t` falls in.
    pub(super) fn index(&self, t: i64) -> i64 {
        let x = self.aligned(t);
        match (self.interval.unit, self.interval.fixed_ms()) {
            (Unit::Months(k), _) => month_index(x).div_euclid(k.saturating_mul(self.interval.count).max(1)),
            (Unit::Week, Some(len)) => x.saturating_sub(MONDAY_ORIGIN_MS).div_euclid(len.max(1)),
            (_, Some(len)) => x.div_euclid(len.max(1)),
            (_, None) => 0,
        }
    }

    /// Where bucket `k` starts, in UTC milliseconds.
    pub(super) fn start(&self, k: i64) -> i64 {
        let base = match (self.interval.unit, self.interval.fixed_ms()) {
            (Unit::Months(m), _) => month_start(k.saturating_mul(m).saturating_mul(self.interval.count)),
            (Unit::Week, Some(len)) => MONDAY_ORIGIN_MS.saturating_add(k.saturating_mul(len)),
            (_, Some(len)) => k.saturating_mul(len),
            (_, None) => 0,
        };
        let local = self.offset.map_or(base, |o| o.shift(base, 1));
        local.saturating_sub(self.zone_ms)
    }

    /// (max - min) / interval, the measure the service limits; calendar units count months.
    pub(super) fn intervals_between(&self, min: i64, max: i64) -> f64 {
        match (self.interval.unit, self.interval.fixed_ms()) {
            (Unit::Months(k), _) => {
                (month_index(max) - month_index(min)) as f64 / (k.saturating_mul(self.interval.count)) as f64
            }
            (_, Some(len)) => (max as f64 - min as f64) / len as f64,
            (_, None) => 0.0,
        }
    }
}

/// `+hh:mm` / `-hh:mm` as milliseconds ahead of UTC.
pub(super) fn zone_offset_ms(zone: &str) -> Option<i64> {
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, zone.get(1..)?),
        b'-' => (-1, zone.get(1..)?),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !(h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 18 && m < 60 && h * 60 + m <= 18 * 60).then_some(sign * (h * 3_600_000 + m * 60_000))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(super) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub(super) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1)
}

/// Months since 0000-01 of the date of `ms`.
fn month_index(ms: i64) -> i64 {
    let (y, m, _) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    y * 12 + (m - 1)
}

/// The first millisecond of month `index` (months since 0000-01).
fn month_start(index: i64) -> i64 {
    days_from_civil(index.div_euclid(12), index.rem_euclid(12) + 1, 1).saturating_mul(MS_PER_DAY)
}

fn add_months(ms: i64, months: i64) -> i64 {
    let day = ms.div_euclid(MS_PER_DAY);
    let time_of_day = ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(day);
    let total = (y * 12 + (m - 1)).saturating_add(months);
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let nd = d.min(days_in_month(ny, nm));
    days_from_civil(ny, nm, nd)
        .saturating_mul(MS_PER_DAY)
        .saturating_add(time_of_day)
}
