//! PlainBuffer codec throughput on a GetRange-sized page: 5000 rows, 2 key columns and 8
//! attribute columns each. Run with `cargo bench -p ots-proto`.

use ots_proto::model::{Column, PrimaryKey, Row};
use ots_proto::plainbuffer::{decode_rows, encode_rows};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn page() -> Vec<Row> {
    (0..5000)
        .map(|i| Row {
            primary_key: PrimaryKey::new()
                .with("tenant", format!("tenant-{}", i % 17))
                .with("id", i),
            columns: (0..8)
                .map(|c| match c % 4 {
                    0 => Column::new(format!("i{c}"), i64::from(c) * i).at(1_700_000_000_000 + i),
                    1 => {
                        Column::new(format!("s{c}"), format!("value {i} of column {c}")).at(1_700_000_000_000)
                    }
                    2 => Column::new(format!("d{c}"), i as f64 / 3.0).at(1_700_000_000_000),
                    _ => Column::new(format!("b{c}"), vec![c as u8; 64]).at(1_700_000_000_000),
                })
                .collect(),
        })
        .collect()
}

/// Runs `f` repeatedly for about a second and returns the median time of one run.
fn measure(mut f: impl FnMut()) -> Duration {
    f();
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || samples.len() < 5 {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

#[allow(clippy::print_stdout, clippy::unwrap_used)]
fn main() {
    let rows = page();
    let bytes = encode_rows(&rows);
    let mb = bytes.len() as f64 / 1e6;
    let enc = measure(|| {
        black_box(encode_rows(black_box(&rows)));
    });
    let dec = measure(|| {
        black_box(decode_rows(black_box(&bytes)).unwrap());
    });
    println!("page: {} rows, {:.2} MB", rows.len(), mb);
    println!(
        "encode: {:>8.2} ms  {:>7.1} MB/s",
        enc.as_secs_f64() * 1e3,
        mb / enc.as_secs_f64()
    );
    println!(
        "decode: {:>8.2} ms  {:>7.1} MB/s",
        dec.as_secs_f64() * 1e3,
        mb / dec.as_secs_f64()
    );
}
