//! Statistics (nearest-rank percentiles), the comparison table, and the check that both stores run with the same settings.

use super::*;

// Statistics and the table

pub(crate) fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = black_box(f());
    (start.elapsed(), out)
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Nearest-rank percentile (`q` in 0..=1) in milliseconds.
pub(crate) fn pct(samples: &[Duration], q: f64) -> f64 {
    let mut v = samples.to_vec();
    v.sort();
    let rank = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
    ms(v[rank - 1])
}

pub(crate) enum Row {
    Section(String),
    Data {
        label: String,
        n: usize,
        enc: (f64, f64),
        plain: Option<(f64, f64)>,
    },
}

impl Row {
    pub(crate) fn pair(label: &str, enc: &Samples, plain: &Samples, key: &str) -> Row {
        let (e, p) = (enc.samples(key), plain.samples(key));
        Row::Data {
            label: label.to_owned(),
            n: e.len(),
            enc: (pct(e, 0.5), pct(e, 0.99)),
            plain: Some((pct(p, 0.5), pct(p, 0.99))),
        }
    }

    pub(crate) fn single(label: &str, samples: &[Duration]) -> Row {
        Row::Data {
            label: label.to_owned(),
            n: samples.len(),
            enc: (pct(samples, 0.5), pct(samples, 0.99)),
            plain: None,
        }
    }
}

pub(crate) fn print_table(rows: &[Row]) {
    let width = rows
        .iter()
        .map(|r| match r {
            Row::Data { label, .. } => label.chars().count(),
            Row::Section(_) => 0,
        })
        .max()
        .unwrap_or(0)
        .max(9);
    let header = format!(
        "{:<width$} {:>5} │ {:>10} {:>10} │ {:>10} {:>10} │ {:>6} {:>6}",
        "operation", "n", "enc p50", "enc p99", "plain p50", "plain p99", "×p50", "×p99"
    );
    let rule = "─".repeat(header.chars().count());
    println!();
    println!("All times in ms; × = encrypted / plain.");
    println!("{header}");
    for r in rows {
        match r {
            Row::Section(title) => {
                println!("{rule}");
                println!("{title}");
            }
            Row::Data {
                label,
                n,
                enc,
                plain,
            } => {
                let pad = " ".repeat(width - label.chars().count());
                let (p, ratio) = match plain {
                    Some((m, p99)) => (
                        format!("{m:>10.3} {p99:>10.3}"),
                        format!("{:>6.2} {:>6.2}", enc.0 / m, enc.1 / p99),
                    ),
                    None => (format!("{:>10} {:>10}", "—", "—"), String::new()),
                };
                let line = format!(
                    "{label}{pad} {n:>5} │ {:>10.3} {:>10.3} │ {p} │ {ratio}",
                    enc.0, enc.1
                );
                println!("{}", line.trim_end());
            }
        }
    }
    println!("{rule}");
}

/// The comparison is only fair when both stores run with the same settings: compare the
/// connection pragmas of the production open path with the plain one, and check that the plain
/// file really is plain and the encrypted one is not. Returns a line naming the library versions.
pub(crate) fn check_comparable(enc_dir: &Path, plain_dir: &Path) -> String {
    let enc_conn = zastita_core::app::testing::open_raw(enc_dir, PASS, BADGE).unwrap();
    let plain_store = zastita_core::store::bench::open_plain(plain_dir).expect("open plain");
    let pragmas = [
        "journal_mode",
        "synchronous",
        "foreign_keys",
        "secure_delete",
        "temp_store",
        "busy_timeout",
        "page_size",
        "cache_size",
        "mmap_size",
        "auto_vacuum",
        "user_version",
    ];
    let read = |c: &rusqlite::Connection, p: &str| -> String {
        match c
            .query_row(&format!("PRAGMA {p}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .expect(p)
        {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t.to_lowercase(),
            other => format!("{other:?}"),
        }
    };
    for p in pragmas {
        assert_eq!(
            read(&enc_conn, p),
            read(plain_store.conn(), p),
            "PRAGMA {p} differs between the encrypted and the plain store"
        );
    }
    let is_plain = |dir: &Path| -> bool {
        let bytes = std::fs::read(dir.join(DB_FILE)).expect("db file");
        bytes.starts_with(b"SQLite format 3\0")
    };
    assert!(is_plain(plain_dir), "the plain store must be plain SQLite");
    assert!(
        !is_plain(enc_dir),
        "the encrypted store must not be readable"
    );
    let sqlite: String = enc_conn
        .query_row("SELECT sqlite_version()", [], |r| r.get(0))
        .expect("sqlite_version");
    let cipher: String = enc_conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .expect("cipher_version");
    format!(
        "SQLite {sqlite}, SQLCipher {cipher}; pragmas identical on both ({}).",
        pragmas.join(", ")
    )
}
