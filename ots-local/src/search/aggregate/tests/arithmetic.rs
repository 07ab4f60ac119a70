//! Sums, percentiles, number formatting, distances and calendar buckets.

use super::*;

#[test]
fn compensated_sums_and_interpolated_percentiles() {
    let tenths: Vec<f64> = (0..10).map(|i| f64::from(i) + 0.1).collect();
    assert_eq!(sum(&tenths), 46.0);
    assert_eq!(sum(&tenths) / 10.0, 4.6);
    let hundred: Vec<f64> = (0..100).map(f64::from).collect();
    assert_eq!(percentile(&hundred, 50.0), Some(49.5));
    assert_eq!(percentile(&hundred, 0.0), Some(0.0));
    assert_eq!(percentile(&hundred, 100.0), Some(99.0));
    assert_eq!(percentile(&[7.0], 90.0), Some(7.0));
    assert_eq!(percentile(&[], 90.0), None);
}

#[test]
fn doubles_print_like_java() {
    assert_eq!(java_double(1.0), "1.0");
    assert_eq!(java_double(0.1), "0.1");
    assert_eq!(java_double(-2.5), "-2.5");
    assert_eq!(java_double(1e7), "1.0E7");
    assert_eq!(java_double(1.5e-5), "1.5E-5");
    assert_eq!(java_double(0.0), "0.0");
}

#[test]
fn geo_distances_split_like_the_service() {
    // Python SDK `test_group_by_geo_distance`: from (31, 116), points (30, 114 + 0.05 i):
    // 99 within 300 km, 1 beyond.
    let origin = Point {
        lat: 31.0,
        lon: 116.0,
    };
    let near = (0..100)
        .map(|i| Point {
            lat: 30.0,
            lon: 114.0 + 0.05 * f64::from(i),
        })
        .filter(|p| origin.distance(p) < 300_000.0)
        .count();
    assert_eq!(near, 99);
}

#[test]
fn calendar_dates_round_trip() {
    for (y, m, d) in [
        (1970, 1, 1),
        (2000, 2, 29),
        (1969, 12, 31),
        (2024, 12, 31),
        (1600, 3, 1),
    ] {
        assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
    }
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 1), 29);
    assert_eq!(zone_offset_ms("+08:00"), Some(8 * 3_600_000));
    assert_eq!(zone_offset_ms("-09:30"), Some(-(9 * 3_600_000 + 30 * 60_000)));
    for bad in ["08:00", "+8:00", "+19:00", "+08:60", "UTC", "+0800", ""] {
        assert_eq!(zone_offset_ms(bad), None, "{bad}");
    }
}

#[test]
fn date_buckets_follow_the_calendar() {
    let buckets = |count, unit, offset, zone_ms| DateBuckets {
        interval: Step { count, unit },
        offset,
        zone_ms,
    };
    let start = |b: &DateBuckets, t| b.start(b.index(t));
    // Months, quarters and years start on the first day of the month.
    let month = buckets(1, Unit::Months(1), None, 0);
    assert_eq!(start(&month, ms(2024, 2, 29, 23)), ms(2024, 2, 1, 0));
    let quarter = buckets(1, Unit::Months(3), None, 0);
    assert_eq!(start(&quarter, ms(2024, 6, 30, 0)), ms(2024, 4, 1, 0));
    let two_years = buckets(2, Unit::Months(12), None, 0);
    assert_eq!(start(&two_years, ms(2025, 7, 1, 0)), ms(2024, 1, 1, 0));
    assert_eq!(start(&two_years, ms(1969, 7, 1, 0)), ms(1968, 1, 1, 0));
    // Weeks start on Monday (2024-01-01 was one).
    let week = buckets(1, Unit::Week, None, 0);
    assert_eq!(start(&week, ms(2024, 1, 7, 12)), ms(2024, 1, 1, 0));
    assert_eq!(start(&week, ms(2024, 1, 8, 0)), ms(2024, 1, 8, 0));
    // Days in +08:00 start at 16:00 UTC the day before.
    let day_cn = buckets(1, Unit::Fixed(86_400_000), None, 8 * 3_600_000);
    assert_eq!(start(&day_cn, ms(2024, 1, 1, 17)), ms(2024, 1, 1, 16));
    assert_eq!(start(&day_cn, ms(2024, 1, 1, 15)), ms(2023, 12, 31, 16));
    // A 6-hour offset moves day boundaries to 06:00.
    let six = Some(Step {
        count: 6,
        unit: Unit::Fixed(3_600_000),
    });
    let day_from_six = buckets(1, Unit::Fixed(86_400_000), six, 0);
    assert_eq!(start(&day_from_six, ms(2024, 1, 2, 5)), ms(2024, 1, 1, 6));
    assert_eq!(start(&day_from_six, ms(2024, 1, 2, 6)), ms(2024, 1, 2, 6));
    // Calendar bucket counts are counted in months.
    assert_eq!(
        month.intervals_between(ms(2024, 1, 15, 0), ms(2025, 1, 1, 0)),
        12.0
    );
}
