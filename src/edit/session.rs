//! Writing files safely: one writer at a time per tasks directory, every
//! file replaced atomically (temp file, fsync, rename), and a journal of
//! what was written, so that a failure afterwards is reported as such.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

use super::Prepared;
use crate::error::Error;
use crate::tr;

/// The lock of a tasks directory outside any git repository: hidden, so
/// the store ignores it. Inside a repository the lock lives under `.git/`
/// (see [`lock_path`]), so it never shows in `git status`.
use crate::layout::LOCK_FILE;

/// The prefix of the temp files `write_atomic` makes beside a file.
const TEMP_PREFIX: &str = ".cooptrack-";
const TEMP_SUFFIX: &str = ".tmp";

/// Set only by tests: stop the process (as a crash would, no clean-up)
/// right after this many files were written. (Only with the
/// `fault-injection` feature, which the tests turn on.)
#[cfg(feature = "fault-injection")]
const CRASH_AFTER_WRITES: &str = "COOPTRACK_TEST_CRASH_AFTER_WRITES";

/// How long a writer waits for another to finish before giving up.
const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// Overrides the wait, in seconds (fractions allowed): for scripts that
/// would rather fail fast, and for tests.
pub const LOCK_TIMEOUT_VAR: &str = "COOPTRACK_LOCK_TIMEOUT";

/// The wait: COOPTRACK_LOCK_TIMEOUT if set (and not empty), else 30 s; a
/// value that is not a number of seconds is an error, not ignored.
fn lock_timeout() -> Result<Duration> {
    let Some(raw) = std::env::var_os(LOCK_TIMEOUT_VAR).filter(|v| !v.is_empty()) else {
        return Ok(LOCK_TIMEOUT);
    };
    let raw = raw.to_string_lossy();
    raw.trim()
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .ok_or_else(|| {
            anyhow::anyhow!(crate::tr!(
                "环境变量 {LOCK_TIMEOUT_VAR}=“{raw}”无效：应为等待的秒数（可带小数，如 5 或 0.5）",
                "{LOCK_TIMEOUT_VAR}=“{raw}” is not valid: it should be the seconds to wait (fractions allowed, such as 5 or 0.5)"
            ))
        })
}

/// Set only by tests: fail after the temp file is written, before the
/// rename, to show that an interrupted write leaves the old file intact.
/// (Only with the `fault-injection` feature.)
#[cfg(feature = "fault-injection")]
const FAIL_BEFORE_RENAME: &str = "COOPTRACK_TEST_FAIL_BEFORE_RENAME";

/// Held while a command reads, edits and writes files in a directory.
/// Read-modify-write under this lock is what keeps concurrent updates from
/// losing one another's notes.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
    /// Where the lock file is; a group's journal lives beside it.
    path: PathBuf,
}

impl DirLock {
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        let timeout = lock_timeout()?;
        let path = lock_path(dir);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| {
                tr!(
                    "{}: 无法创建锁文件",
                    "{}: cannot create the lock file",
                    path.display()
                )
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DirLock { _file: file, path }),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::locked(tr!(
                        "{}: 另一个 cooptrack 正在写入，等待 {} 秒后仍未结束；未作任何修改，请稍后重试",
                        "{}: another cooptrack is writing and has not finished after {} seconds; nothing was changed, try again later",
                        dir.display(),
                        timeout.as_secs_f64()
                    )))
                }
                Err(fs::TryLockError::Error(err)) => {
                    return Err(err)
                        .with_context(|| tr!("{}: 无法加锁", "{}: cannot lock", path.display()))
                }
            }
        }
    }
}

/// Where the lock of `dir` lives: in the git directory when `dir` is in a
/// work tree (named after the path of `dir` in it), else in `dir` itself.
fn lock_path(dir: &Path) -> PathBuf {
    let git = |args: &[&str]| -> Option<String> {
        let output = std::process::Command::new("git")
            .current_dir(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let text = String::from_utf8(output.stdout).ok()?;
        Some(text.trim_end_matches(['\n', '\r']).to_string())
    };
    let in_repository = || {
        let git_dir = git(&["rev-parse", "--absolute-git-dir"])?;
        let prefix = git(&["rev-parse", "--show-prefix"])?;
        let name = prefix.trim_end_matches('/').replace('/', "%");
        Some(PathBuf::from(git_dir).join(format!("cooptrack-{name}.lock")))
    };
    in_repository().unwrap_or_else(|| dir.join(LOCK_FILE))
}

/// A directory a writer may lock: one that holds a plan or a registry. A
/// mistyped `--dir` must not leave a lock file behind.
fn require_tasks_dir(dir: &Path) -> Result<()> {
    let plan = crate::layout::PLAN_FILE;
    let registry = crate::layout::REGISTRY_FILE;
    if dir.join(plan).is_file() || dir.join(registry).is_file() {
        return Ok(());
    }
    bail!(tr!(
        "{}: 不是任务目录（没有 {plan} 或 {registry}），未作任何修改",
        "{}: not a tasks directory (it has no {plan} or {registry}); nothing was changed",
        dir.display()
    ))
}

/// Removes the temp files an interrupted writer left in `dir`. Called
/// under the lock: no other writer of this directory is mid-write.
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX);
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The files a run has written, in order. A failure after the first write
/// is exit 3 (`ErrorKind::Changed`), naming them.
#[derive(Debug, Default)]
pub struct Journal {
    written: Mutex<Vec<PathBuf>>,
}

impl Journal {
    pub fn written(&self) -> Vec<PathBuf> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    fn record(&self, path: &Path) {
        if let Ok(mut written) = self.written.lock() {
            written.push(path.to_path_buf());
        }
    }
}

/// A run's right to write in a tasks directory: its lock is held for as
/// long as the session lives, so files are read and written under it.
#[derive(Debug)]
pub struct Session<'j> {
    lock: DirLock,
    journal: &'j Journal,
    /// The tasks directory: a group's journal names its files from here.
    dir: PathBuf,
}

impl<'j> Session<'j> {
    /// Takes the lock of a tasks directory, waiting for another writer to
    /// finish, and clears what an interrupted writer left behind.
    pub fn begin(dir: &Path, journal: &'j Journal) -> Result<Session<'j>> {
        require_tasks_dir(dir)?;
        Session::begin_in(dir, journal)
    }

    /// The same for a directory `import` is making into a tasks directory.
    pub fn begin_import(dir: &Path, journal: &'j Journal) -> Result<Session<'j>> {
        Session::begin_in(dir, journal)
    }

    fn begin_in(dir: &Path, journal: &'j Journal) -> Result<Session<'j>> {
        let lock = DirLock::acquire(dir)?;
        remove_stale_temp_files(dir);
        remove_stale_temp_files(&parent_dir(&lock.path));
        let session = Session {
            lock,
            journal,
            dir: dir.to_path_buf(),
        };
        session.finish_interrupted_group()?;
        Ok(session)
    }

    /// Takes the locks of two tasks directories, always in the same order
    /// (by resolved path), so that two runs in opposite directions cannot
    /// each hold one and wait for the other.
    pub fn begin_both(
        first: &Path,
        second: &Path,
        journal: &'j Journal,
    ) -> Result<(Session<'j>, Session<'j>)> {
        let key = |dir: &Path| fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if key(first) <= key(second) {
            let a = Session::begin(first, journal)?;
            Ok((a, Session::begin(second, journal)?))
        } else {
            let b = Session::begin(second, journal)?;
            Ok((Session::begin(first, journal)?, b))
        }
    }

    /// Writes a prepared file atomically: a new file must not exist yet,
    /// and an unchanged one is left alone. A task file that is a symlink
    /// (within the directory: the store refuses others) stays one: its
    /// target is what gets replaced.
    pub fn write(&self, file: &Prepared) -> Result<()> {
        if !file.changed() {
            return Ok(());
        }
        let is_link = fs::symlink_metadata(&file.path).is_ok_and(|m| m.file_type().is_symlink());
        let target = match is_link {
            true => fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone()),
            false => file.path.clone(),
        };
        write_atomic(&target, file.new.as_bytes(), file.old.is_none())?;
        self.journal.record(&file.path);
        #[cfg(feature = "fault-injection")]
        crash_if_asked(self.journal);
        Ok(())
    }

    /// Writes files that stand or fall together (one form's task files),
    /// all or nothing even if the process is killed: their old and new
    /// texts go first into a group journal beside the lock; the next
    /// writer to take the lock finds a journal left behind and completes
    /// the group or rolls it back, as `on_interrupt` says. An error
    /// during the writes rolls back at once.
    pub fn write_group(
        &self,
        what: &str,
        on_interrupt: Recovery,
        files: &[&Prepared],
    ) -> Result<()> {
        let changed: Vec<&Prepared> = files.iter().copied().filter(|f| f.changed()).collect();
        if changed.len() <= 1 {
            // One atomic replacement is all or nothing by itself.
            return changed.into_iter().try_for_each(|f| self.write(f));
        }
        let group = Group {
            what: what.to_string(),
            on_interrupt,
            files: changed
                .iter()
                .map(|f| GroupFile {
                    path: self.in_dir(&f.path),
                    old: f.old.clone(),
                    new: f.new.clone(),
                })
                .collect(),
        };
        let journal = self.group_journal();
        let text = serde_json::to_vec(&group)?;
        write_atomic(&journal, &text, false)?;
        crash_point();
        for (i, file) in changed.iter().enumerate() {
            if let Err(error) = self.write(file) {
                // Undo the files already replaced, then the journal.
                let undone = group.files[..i]
                    .iter()
                    .try_for_each(|f| self.put(&f.path, f.old.as_deref()));
                if undone.is_ok() {
                    remove_journal(&journal)?;
                }
                return Err(error);
            }
        }
        remove_journal(&journal)?;
        crash_point();
        Ok(())
    }

    /// A file of a group, named from the tasks directory (so a moved
    /// directory still recovers).
    fn in_dir(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.dir)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf())
    }

    fn group_journal(&self) -> PathBuf {
        self.lock.path.with_extension("journal")
    }

    /// Sets a file of a group to `text` (None: the file did not exist).
    fn put(&self, path: &Path, text: Option<&str>) -> Result<()> {
        let full = self.dir.join(path);
        let target = fs::canonicalize(&full).unwrap_or_else(|_| full.clone());
        match text {
            Some(text) => write_atomic(&target, text.as_bytes(), false),
            None => match fs::remove_file(&target) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(e).with_context(|| tr!("{}: 无法删除", "{}: cannot remove", full.display()))
                }
                _ => Ok(()),
            },
        }
    }

    /// Completes or rolls back a group an interrupted writer left, and
    /// says which on stderr. A file changed since (by hand, say) is
    /// neither: then nothing is touched and the error names it.
    fn finish_interrupted_group(&self) -> Result<()> {
        let journal = self.group_journal();
        let Ok(text) = fs::read(&journal) else {
            return Ok(());
        };
        let group: Group = serde_json::from_slice(&text).with_context(|| {
            tr!(
                "{}: 上次中断的写入记录无法读取；请检查任务文件后删除该文件",
                "{}: the record of an interrupted write cannot be read; check the task files, then remove it",
                journal.display()
            )
        })?;
        let mut written = 0;
        for file in &group.files {
            let now = fs::read_to_string(self.dir.join(&file.path)).ok();
            if now.as_deref() == Some(file.new.as_str()) {
                written += 1;
            } else if now.as_deref() != file.old.as_deref() {
                bail!(tr!(
                    "{}: 上次写入（{}）中断后该文件又被修改，无法补完或撤销；请检查后删除 {}",
                    "{}: changed since an interrupted write ({}), which can be neither completed nor rolled back; check it, then remove {}",
                    self.dir.join(&file.path).display(),
                    group.what,
                    journal.display()
                ));
            }
        }
        let total = group.files.len();
        let message = match group.on_interrupt {
            Recovery::Complete => {
                for file in &group.files {
                    self.put(&file.path, Some(&file.new))?;
                }
                tr!(
                    "注意：上次写入（{}）中断，已写 {written}/{total} 个文件；现已补完全部 {total} 个文件",
                    "note: an earlier write ({}) was interrupted after {written} of {total} files; all {total} are now written",
                    group.what
                )
            }
            Recovery::RollBack => {
                for file in &group.files {
                    self.put(&file.path, file.old.as_deref())?;
                }
                tr!(
                    "注意：上次写入（{}）中断，已写 {written}/{total} 个文件；现已撤销，{total} 个文件均恢复原样",
                    "note: an earlier write ({}) was interrupted after {written} of {total} files; it was rolled back, all {total} are as before",
                    group.what
                )
            }
        };
        remove_journal(&journal)?;
        eprintln!("{message}");
        Ok(())
    }
}

/// What the next writer does with a group an interrupted run left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Recovery {
    /// Write the rest: the group's new texts were checked whole.
    Complete,
    /// Put every file back (say, when a commit of the group was due: the
    /// next run then writes and commits it whole).
    RollBack,
}

/// A group journal: what the group is (a form), and each file's texts.
#[derive(serde::Serialize, serde::Deserialize)]
struct Group {
    what: String,
    on_interrupt: Recovery,
    files: Vec<GroupFile>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct GroupFile {
    path: PathBuf,
    old: Option<String>,
    new: String,
}

fn remove_journal(journal: &Path) -> Result<()> {
    fs::remove_file(journal).with_context(|| {
        tr!(
            "{}: 无法删除写入记录",
            "{}: cannot remove the write record",
            journal.display()
        )
    })?;
    sync_dir(&parent_dir(journal));
    Ok(())
}

/// Set only by tests: stop the process at the Nth point of a write where
/// a crash could fall (`COOPTRACK_TEST_CRASH_AT_STEP=N`): after a temp
/// file is written, after each rename, after a group journal is written
/// or removed. (Only with the `fault-injection` feature.)
#[cfg(feature = "fault-injection")]
const CRASH_AT_STEP: &str = "COOPTRACK_TEST_CRASH_AT_STEP";

#[cfg(feature = "fault-injection")]
fn crash_point() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static STEPS: AtomicUsize = AtomicUsize::new(0);
    let step = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    let at = std::env::var(CRASH_AT_STEP)
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    if at == Some(step) {
        std::process::abort();
    }
}

#[cfg(not(feature = "fault-injection"))]
fn crash_point() {}

/// The crash test's hook (`COOPTRACK_TEST_CRASH_AFTER_WRITES=N`).
#[cfg(feature = "fault-injection")]
fn crash_if_asked(journal: &Journal) {
    let limit = std::env::var(CRASH_AFTER_WRITES)
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    if limit.is_some_and(|n| journal.written().len() >= n) {
        std::process::abort();
    }
}

/// Replaces (or creates) `path` with `contents` atomically: a reader sees
/// the old file or the new one, never half of one. Permissions are kept.
/// With `must_be_new`, an existing file is an error and is left alone.
pub fn write_atomic(path: &Path, contents: &[u8], must_be_new: bool) -> Result<()> {
    let dir = parent_dir(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A new file gets the usual rw-rw-rw- less the umask, like any file an
    // editor creates (tempfile's own default is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(&dir).with_context(|| {
        tr!(
            "{}: 无法创建临时文件",
            "{}: cannot create a temporary file",
            dir.display()
        )
    })?;
    let shown = path.display();
    temp.write_all(contents).with_context(|| {
        tr!(
            "{shown}: 写入临时文件失败",
            "{shown}: writing the temporary file failed"
        )
    })?;
    if let Ok(metadata) = fs::metadata(path) {
        fs::set_permissions(temp.path(), metadata.permissions()).with_context(|| {
            tr!(
                "{shown}: 无法保留文件权限",
                "{shown}: cannot keep the file's permissions"
            )
        })?;
    }
    temp.as_file()
        .sync_all()
        .with_context(|| tr!("{shown}: 写入磁盘失败", "{shown}: writing to disk failed"))?;
    crash_point();
    #[cfg(feature = "fault-injection")]
    if std::env::var_os(FAIL_BEFORE_RENAME).is_some() {
        // The temp file is removed when `temp` drops.
        bail!(tr!(
            "{shown}: 写入在替换文件前中断（测试）",
            "{shown}: the write stopped before replacing the file (test)"
        ));
    }
    if must_be_new {
        temp.persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(|| {
                tr!(
                    "{shown}: 文件已存在或无法写入",
                    "{shown}: the file exists already or cannot be written"
                )
            })?;
    } else {
        temp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| tr!("{shown}: 无法替换文件", "{shown}: cannot replace the file"))?;
    }
    sync_dir(&dir);
    crash_point();
    Ok(())
}

/// Makes the directory `dir` (which must not exist) holding `files`, all
/// or nothing: they are written into a hidden directory beside it, which
/// is then renamed into place. A run stopped before the rename leaves
/// only that hidden directory (`.NAME.cooptrack-new-*`), which blocks
/// nothing; an existing `dir` (made meanwhile) is never replaced.
pub fn create_dir_whole(dir: &Path, files: &[(&str, &[u8])]) -> Result<()> {
    let parent = parent_dir(dir);
    fs::create_dir_all(&parent).with_context(|| {
        tr!(
            "{}: 无法创建目录",
            "{}: cannot create the directory",
            parent.display()
        )
    })?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Made as `create_dir` makes a directory (umask applied), unlike
    // tempfile's owner-only one; removed again unless renamed into place.
    let staging = Staging(parent.join(format!(".{name}.cooptrack-new-{}", std::process::id())));
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o777);
    builder.create(staging.path()).with_context(|| {
        tr!(
            "{}: 无法创建临时目录",
            "{}: cannot create a temporary directory",
            staging.path().display()
        )
    })?;
    for (file, contents) in files {
        write_atomic(&staging.path().join(file), contents, true)?;
    }
    // rename(2) would replace an empty directory: check, then rename.
    if fs::symlink_metadata(dir).is_ok() {
        bail!(tr!(
            "{}: 已存在，未作修改",
            "{}: exists already; nothing was changed",
            dir.display()
        ));
    }
    fs::rename(staging.path(), dir).with_context(|| {
        tr!(
            "{}: 无法建立目录",
            "{}: cannot create the directory",
            dir.display()
        )
    })?;
    std::mem::forget(staging);
    sync_dir(&parent);
    crash_point();
    Ok(())
}

/// A directory being built, removed when dropped.
struct Staging(PathBuf);

impl Staging {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Makes the rename itself durable (a no-op where directories can't be opened).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
