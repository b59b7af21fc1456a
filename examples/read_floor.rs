//! The benchmark's baseline: list a tasks directory and read every file,
//! nothing else. Any loader pays at least this; `make bench` reports each
//! cooptrack command as a multiple of it.

use std::fs;
use std::io::Read;

fn main() {
    let dir = std::env::args_os().nth(1).expect("usage: read_floor DIR");
    let mut files = 0usize;
    let mut bytes = 0usize;
    let mut buffer = Vec::new();
    for entry in fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            buffer.clear();
            fs::File::open(&path)
                .and_then(|mut f| f.read_to_end(&mut buffer))
                .expect("read");
            files += 1;
            bytes += buffer.len();
        }
    }
    println!("{files} files, {bytes} bytes");
}
