//! `make bench`: how cooptrack's commands scale from the 24 bundled tasks
//! to 100 000, against a baseline measured in the same run.
//!
//! For each size it generates a tasks directory (realistic Chinese text,
//! the bundled registry and plan), then runs every command several times
//! as a separate process and reports the median wall time, the ratio to
//! the read-only floor (`examples/read_floor.rs`: list and read every file)
//! and the peak resident memory. Ratios, not absolute times, are what the
//! targets are about: these machines are shared and noisy.
//!
//! Beside the development build (glibc, the system allocator) it measures
//! the static binary we ship (`make dist`: musl, mimalloc), runs of the two
//! interleaved, and reports the shipped one against the development one.
//! `make bench` builds it first (`scripts/dist build
//! x86_64-unknown-linux-musl`); without it those rows are left out, with a
//! note. `COOPTRACK_STATIC_BIN` points at another binary.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

// Not `benches/hostile.rs`: cargo would take that for a benchmark of its own.
#[path = "scale/forms.rs"]
mod forms;
#[path = "scale/hostile.rs"]
mod hostile;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> PathBuf {
    root().join("tasks")
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cooptrack"))
}

/// The shipped static binary, if it has been built.
fn static_binary() -> Option<PathBuf> {
    let path = std::env::var_os("COOPTRACK_STATIC_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/x86_64-unknown-linux-musl/ship/cooptrack"));
    path.exists().then_some(path)
}

/// What the shipped binary is called in the tables.
const STATIC_LABEL: &str = "static musl + mimalloc (shipped)";

fn floor_binary() -> PathBuf {
    let path = root().join("target/release/examples/read_floor");
    assert!(
        path.exists(),
        "build the baseline first: cargo build --release --example read_floor"
    );
    path
}

/// A tasks directory of `n` tasks made from the bundled ones: same
/// registry, plan and text, ids spread over the seven headings.
fn generate(n: usize) -> PathBuf {
    let dir = root().join(format!("target/bench-data/{n}"));
    let marker = dir.join(".complete");
    if marker.exists() {
        return dir;
    }
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for name in ["plan.yaml", "departments.yaml"] {
        fs::copy(bundled().join(name), dir.join(name)).unwrap();
    }
    let mut templates: Vec<(u32, String)> = fs::read_dir(bundled())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".yaml") && name != "plan.yaml" && name != "departments.yaml"
        })
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            let section: u32 = p
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .split('.')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            (section, text)
        })
        .collect();
    templates.sort();
    let mut next_number = [0usize; 8];
    for i in 0..n {
        let (section, template) = &templates[i % templates.len()];
        next_number[*section as usize] += 1;
        let number = next_number[*section as usize];
        let id = format!("{section}.{number}");
        let text: String = template
            .lines()
            .map(|line| {
                if line.starts_with("id: ") {
                    format!("id: \"{id}\"")
                } else if line.starts_with("number: ") {
                    format!("number: {number}")
                } else if line.starts_with("numbered_as: ") {
                    String::new()
                } else {
                    line.to_string()
                }
            })
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(dir.join(format!("{id}.yaml")), text + "\n").unwrap();
    }
    fs::write(marker, "").unwrap();
    dir
}

struct Run {
    wall: Duration,
    peak_kb: i64,
}

/// Runs a process to completion; its wall time and peak RSS (wait4).
// The child is reaped by wait4, which also gives its rusage.
#[allow(clippy::zombie_processes)]
fn run(program: &Path, args: &[&str], dir: &Path) -> Run {
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir.parent().unwrap())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid with valid out-pointers.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let wall = started.elapsed();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "{} {:?} failed with status {status}",
        program.display(),
        args
    );
    Run {
        wall,
        peak_kb: usage.ru_maxrss,
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// One command by the development build and by the shipped static binary.
struct Pair {
    size: String,
    name: String,
    dev: Duration,
    shipped: Duration,
}

struct Row {
    /// What was measured: a number of tasks, or a hostile file.
    size: String,
    name: String,
    median: Duration,
    ratio: f64,
    peak_mb: f64,
}

fn measure(size: usize, dir: &Path, repeats: usize, rows: &mut Vec<Row>, pairs: &mut Vec<Pair>) {
    let dir_arg = dir.to_str().unwrap();
    let size = size.to_string();
    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("validate", vec!["--dir", dir_arg, "validate"]),
        (
            "list --dept 区环保局",
            vec!["--dir", dir_arg, "list", "--dept", "区环保局"],
        ),
        (
            "list --format json",
            vec!["--dir", dir_arg, "list", "--format", "json"],
        ),
        ("depts", vec!["--dir", dir_arg, "depts"]),
        (
            "report --format json",
            vec![
                "--dir",
                dir_arg,
                "--as-of",
                "2023-01-01",
                "report",
                "--format",
                "json",
            ],
        ),
    ];
    let floor = measure_floor(&size, dir, repeats, rows);
    let shipped = static_binary();
    for (name, args) in commands {
        // The two builds alternate, so that drift on a shared machine hits both.
        let mut dev_runs = Vec::new();
        let mut shipped_runs = Vec::new();
        for _ in 0..repeats {
            dev_runs.push(run(&binary(), &args, dir));
            if let Some(shipped) = &shipped {
                shipped_runs.push(run(shipped, &args, dir));
            }
        }
        rows.push(row(&size, name, &dev_runs, floor));
        if !shipped_runs.is_empty() {
            let shipped_row = row(
                &size,
                &format!("{name} — {STATIC_LABEL}"),
                &shipped_runs,
                floor,
            );
            pairs.push(Pair {
                size: size.clone(),
                name: name.to_string(),
                dev: rows.last().unwrap().median,
                shipped: shipped_row.median,
            });
            rows.push(shipped_row);
        }
    }
}

/// The read floor of `dir` (after a run that warms the page cache), as
/// a row; its median.
fn measure_floor(size: &str, dir: &Path, repeats: usize, rows: &mut Vec<Row>) -> Duration {
    let dir_arg = dir.to_str().unwrap();
    // Warm the page cache so that every run reads from memory alike.
    run(&floor_binary(), &[dir_arg], dir);
    let floor_runs: Vec<Run> = (0..repeats)
        .map(|_| run(&floor_binary(), &[dir_arg], dir))
        .collect();
    let floor = median(floor_runs.iter().map(|r| r.wall).collect());
    rows.push(row(size, "read floor (baseline)", &floor_runs, floor));
    floor
}

/// A row from the runs of one command, against `floor`.
fn row(size: &str, name: &str, runs: &[Run], floor: Duration) -> Row {
    let m = median(runs.iter().map(|r| r.wall).collect());
    Row {
        size: size.to_string(),
        name: name.into(),
        median: m,
        ratio: m.as_secs_f64() / floor.as_secs_f64(),
        peak_mb: runs.iter().map(|r| r.peak_kb).max().unwrap() as f64 / 1024.0,
    }
}

fn main() {
    // `cargo bench` passes --bench; any other argument picks sizes, and
    // `hostile` alone measures only the hostile files.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only_hostile = args.iter().any(|a| a == "hostile");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() && !only_hostile {
        SIZES.to_vec()
    } else {
        sizes
    };
    let mut rows = Vec::new();
    let mut pairs = Vec::new();
    if static_binary().is_none() {
        eprintln!(
            "no shipped static binary (target/x86_64-unknown-linux-musl/ship/cooptrack): \
             its rows are left out; build it with scripts/dist build x86_64-unknown-linux-musl"
        );
    }

    if !only_hostile {
        // The bundled 24 tasks: the "any command under 5 ms" target.
        measure(24, &bundled(), 21, &mut rows, &mut pairs);
        eprintln!("measuring forms and collect …");
        forms::measure(&mut rows);
    }
    for &size in &sizes {
        eprintln!("generating / measuring {size} tasks …");
        let dir = generate(size);
        let repeats = if size >= 100_000 { 5 } else { 11 };
        measure(size, &dir, repeats, &mut rows, &mut pairs);
    }
    eprintln!("generating / measuring the hostile files …");
    hostile::measure(&mut rows);

    let mut report = String::from(
        "| tasks | command | median | × floor | peak RSS |\n|---:|---|---:|---:|---:|\n",
    );
    for r in &rows {
        report.push_str(&format!(
            "| {} | {} | {:.1} ms | {:.2} | {:.1} MB |\n",
            r.size,
            r.name,
            r.median.as_secs_f64() * 1000.0,
            r.ratio,
            r.peak_mb
        ));
    }
    if !pairs.is_empty() {
        report.push_str(&format!(
            "\nThe shipped binary ({STATIC_LABEL}) against the development build \
             (glibc), runs interleaved; target at 100k: `validate` and `list` within 1.20×.\n\n\
             | tasks | command | development | shipped | shipped ÷ development |\n\
             |---:|---|---:|---:|---:|\n"
        ));
        for p in &pairs {
            report.push_str(&format!(
                "| {} | {} | {:.1} ms | {:.1} ms | {:.2} |\n",
                p.size,
                p.name,
                p.dev.as_secs_f64() * 1000.0,
                p.shipped.as_secs_f64() * 1000.0,
                p.shipped.as_secs_f64() / p.dev.as_secs_f64()
            ));
        }
    }
    println!("{report}");
    let out = root().join("target/bench-results.md");
    fs::write(&out, &report).unwrap();
    eprintln!("written to {}", out.display());
}
