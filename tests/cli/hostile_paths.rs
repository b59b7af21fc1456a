//! Where `report -o` writes (issue 20): `-` is standard output, a symlink
//! writes its target, and a device, FIFO, socket or directory is refused
//! and left as it was. Everything happens in a temporary directory; no
//! test touches /dev.

use std::fs;
use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;

use crate::common::{cooptrack_in, copy_bundled};

const TODAY: &str = "2020-07-03";

fn report(tasks: &Path, cwd: &Path, output: &str, extra: &[&str]) -> std::process::Output {
    cooptrack_in(tasks)
        .current_dir(cwd)
        .args([
            "--as-of", TODAY, "report", "--period", "2020Q2", "-o", output,
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn dash_is_standard_output_for_text_and_for_binaries_to_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    let out = report(&tasks, dir.path(), "-", &["--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# "), "{text}");
    // Standard output is a pipe here: the workbook's bytes.
    let out = report(&tasks, dir.path(), "-", &["--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
    assert!(!dir.path().join("-").exists(), "a file named - was made");
}

#[test]
fn a_symlink_writes_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = copy_bundled(dir.path());
    fs::write(dir.path().join("real.md"), "old").unwrap();
    std::os::unix::fs::symlink("real.md", dir.path().join("link.md")).unwrap();
    let out = report(&tasks, dir.path(), "link.md", &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let link = fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let written = fs::read_to_string(dir.path().join("real.md")).unwrap();
    assert!(written.starts_with("# "), "{written}");
    // A dangling link into the tasks directory: its target is checked.
    std::os::unix::fs::symlink("tasks/new.md", dir.path().join("into.md")).unwrap();
    let out = report(&tasks, dir.path(), "into.md", &[]);
    assert_eq!(out.status.code(), Some(2));
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(
        error.contains("在任务目录") && error.contains("内：报告会覆盖任务文件"),
        "{error}"
    );
    assert!(!tasks.join("new.md").exists());
}

/// Refused with the kind named; the thing at the path is left as it was.
fn refused(dir: &Path, name: &str, kind: &str) {
    let tasks = dir.join("tasks");
    let before = fs::symlink_metadata(dir.join(name)).unwrap().file_type();
    let out = report(&tasks, dir, name, &["--format", "markdown"]);
    assert_eq!(out.status.code(), Some(2), "{name}");
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(
        error.contains(&format!("是{kind}，不是普通文件：报告不会写入或替换它")),
        "{name}: {error}"
    );
    let after = fs::symlink_metadata(dir.join(name)).unwrap().file_type();
    assert_eq!(before, after, "{name} was replaced");
}

#[test]
fn a_fifo_a_directory_a_socket_and_a_device_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    copy_bundled(dir.path());
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("fifo.md"))
        .status()
        .unwrap();
    assert!(status.success());
    refused(dir.path(), "fifo.md", "命名管道（FIFO）");
    std::os::unix::fs::symlink("fifo.md", dir.path().join("to-fifo.md")).unwrap();
    refused(dir.path(), "to-fifo.md", "命名管道（FIFO）");
    fs::create_dir(dir.path().join("dir.md")).unwrap();
    refused(dir.path(), "dir.md", "目录");
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("sock.md")).unwrap();
    refused(dir.path(), "sock.md", "套接字");
    // A device node of its own (the numbers of /dev/null), made where
    // root may make one: the test never points at /dev itself.
    let made = std::process::Command::new("mknod")
        .arg(dir.path().join("null.md"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        assert!(fs::symlink_metadata(dir.path().join("null.md"))
            .unwrap()
            .file_type()
            .is_char_device());
        refused(dir.path(), "null.md", "字符设备");
    }
}
