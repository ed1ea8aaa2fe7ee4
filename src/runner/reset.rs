//! `cargo run -- reset <exercise>`: restore the original skeleton from git (the learner
//! cloned the course), after saving the learner's file to `.mlings-backups/`.
//!
//! The skeleton is the committed version (`git show HEAD:<file>`). When that cannot be
//! the skeleton (no git, the learner committed their own work on the file), reset says
//! so and changes nothing rather than guess.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use super::{Context, RunnerError};
use mlings::manifest::Exercise;

/// Where backups go, relative to the course root (git-ignored).
pub const BACKUP_DIR: &str = ".mlings-backups";

/// Why an exercise cannot be reset.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    #[error(
        "reset restores the skeleton with git, which could not be run ({source}). \
         Without git, download {file} again from the course repository."
    )]
    NoGit {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "the course folder is not a git repository, so the original skeleton is unknown. \
         Download {file} again from the course repository."
    )]
    NotARepository { file: String },
    #[error("git has no committed version of {file}: {said}")]
    NotCommitted { file: String, said: String },
    #[error(
        "you committed your own changes to {file} (commit {commit}), so git's version of it \
         is your work, not the skeleton. Nothing was changed. To restore the course's version: \
         git show {upstream}:{file} > {file}"
    )]
    CommittedWork {
        file: String,
        commit: String,
        upstream: String,
    },
    #[error(
        "the committed version of {file} has no todo!(): it looks like your own committed \
         solution, not the skeleton. Nothing was changed. Find the original in the history: \
         git log --oneline -- {file}"
    )]
    NotASkeleton { file: String },
    #[error("cannot read {file} to back it up: {source}; nothing was changed")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "cannot create the backup folder {}: {source}; nothing was changed",
        folder.display()
    )]
    BackupFolder {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save your file to {}: {source}; nothing was changed", backup.display())]
    Backup {
        backup: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {file}: {source} (your work is saved in {})", backup.display())]
    Write {
        file: String,
        backup: PathBuf,
        source: std::io::Error,
    },
}

/// What resetting an exercise would do.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// The file already is the skeleton.
    AlreadyPristine,
    /// Replace `current` (its bytes as they are, whatever their encoding; absent if the
    /// file was deleted) with `skeleton`.
    Restore {
        skeleton: String,
        current: Option<Vec<u8>>,
    },
}

/// Resets `name` after confirmation (skipped with `yes`); true when the file now is the
/// skeleton.
pub fn run(context: &Context, name: &str, yes: bool) -> Result<bool, RunnerError> {
    let exercise = context.course.find(name)?;
    let root = context.root();
    let plan = plan(root, exercise)?;
    if plan == Plan::AlreadyPristine {
        println!(
            "{} already is the original skeleton: nothing to reset.",
            exercise.file
        );
        return Ok(true);
    }
    if !yes && !confirm(exercise)? {
        println!("Nothing was changed.");
        return Ok(false);
    }
    match apply(root, exercise, plan, SystemTime::now())? {
        Some(backup) => println!(
            "Saved your file to {}\nRestored {} to its original skeleton.",
            backup.strip_prefix(root).unwrap_or(&backup).display(),
            exercise.file
        ),
        None => println!("Restored {} to its original skeleton.", exercise.file),
    }
    Ok(true)
}

/// Asks on the terminal; without one (a script, CI) it never waits: `--yes` is required.
fn confirm(exercise: &Exercise) -> Result<bool, RunnerError> {
    if !std::io::stdin().is_terminal() {
        println!(
            "Resetting replaces {}: pass --yes to confirm.",
            exercise.file
        );
        return Ok(false);
    }
    print!(
        "Replace {} with the original skeleton? Your file is saved to {BACKUP_DIR}/ first. [y/N] ",
        exercise.file
    );
    std::io::stdout().flush().map_err(RunnerError::Terminal)?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(RunnerError::Terminal)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Finds the skeleton of `exercise` in git and compares it with the learner's file.
pub fn plan(root: &Path, exercise: &Exercise) -> Result<Plan, ResetError> {
    let file = &exercise.file;
    let git = |args: &[&str]| git(root, file, args);
    if git(&["rev-parse", "--is-inside-work-tree"])?.is_err() {
        return Err(ResetError::NotARepository { file: file.clone() });
    }
    if let Some(upstream) = upstream(root, file)? {
        let range = format!("{upstream}..HEAD");
        let local = git(&["log", "--format=%h %s", &range, "--", file])?.unwrap_or_default();
        if let Some(commit) = local.lines().next() {
            return Err(ResetError::CommittedWork {
                file: file.clone(),
                commit: commit.to_string(),
                upstream,
            });
        }
    }
    let skeleton =
        git(&["show", &format!("HEAD:./{file}")])?.map_err(|said| ResetError::NotCommitted {
            file: file.clone(),
            said,
        })?;
    if !skeleton.contains("todo!()") {
        return Err(ResetError::NotASkeleton { file: file.clone() });
    }
    // Only a missing file has nothing to back up: any other failure stops the reset.
    let current = match std::fs::read(root.join(file)) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(ResetError::Read {
                file: file.clone(),
                source,
            });
        }
    };
    Ok(if current.as_deref() == Some(skeleton.as_bytes()) {
        Plan::AlreadyPristine
    } else {
        Plan::Restore { skeleton, current }
    })
}

/// The branch the course was cloned from (`@{upstream}`, or else `origin/HEAD`), if any.
fn upstream(root: &Path, file: &str) -> Result<Option<String>, ResetError> {
    let tracked = git(
        root,
        file,
        &[
            "rev-parse",
            "--abbrev-ref",
            "--symbolic-full-name",
            "@{upstream}",
        ],
    )?;
    if let Ok(name) = tracked {
        return Ok(Some(name.trim().to_string()));
    }
    let origin = git(
        root,
        file,
        &["rev-parse", "--verify", "--quiet", "origin/HEAD"],
    )?;
    Ok(origin.ok().map(|_| "origin/HEAD".to_string()))
}

/// Runs git in `root`: `Err(ResetError)` when git cannot run at all, `Ok(Err(stderr))`
/// when git says no.
fn git(root: &Path, file: &str, args: &[&str]) -> Result<Result<String, String>, ResetError> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|source| ResetError::NoGit {
            file: file.to_string(),
            source,
        })?;
    Ok(if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    })
}

/// Carries out `plan`: backs the learner's file up (returning the backup's path), then
/// writes the skeleton.
pub fn apply(
    root: &Path,
    exercise: &Exercise,
    plan: Plan,
    now: SystemTime,
) -> Result<Option<PathBuf>, ResetError> {
    let Plan::Restore { skeleton, current } = plan else {
        return Ok(None);
    };
    let backup = match current {
        Some(current) => Some(back_up(root, exercise, &current, now)?),
        None => None,
    };
    std::fs::write(root.join(&exercise.file), skeleton).map_err(|source| ResetError::Write {
        file: exercise.file.clone(),
        backup: backup.clone().unwrap_or_default(),
        source,
    })?;
    Ok(backup)
}

/// Saves `content`, byte for byte, to `.mlings-backups/<name>-<UTC date>-<time>.rs`,
/// never over another backup.
fn back_up(
    root: &Path,
    exercise: &Exercise,
    content: &[u8],
    now: SystemTime,
) -> Result<PathBuf, ResetError> {
    let folder = root.join(BACKUP_DIR);
    std::fs::create_dir_all(&folder).map_err(|source| ResetError::BackupFolder {
        folder: folder.clone(),
        source,
    })?;
    let stamp = timestamp(now);
    let mut backup = folder.join(format!("{}-{stamp}.rs", exercise.name));
    for n in 2.. {
        if !backup.exists() {
            break;
        }
        backup = folder.join(format!("{}-{stamp}-{n}.rs", exercise.name));
    }
    std::fs::write(&backup, content).map_err(|source| ResetError::Backup {
        backup: backup.clone(),
        source,
    })?;
    Ok(backup)
}

/// `YYYYMMDD-HHMMSS` in UTC.
fn timestamp(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// The Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;
    use std::time::Duration;

    const FILE: &str = "exercises/01_foundations/statistics.rs";
    const SKELETON: &str = "pub fn mean() -> f64 {\n    todo!()\n}\n";
    const SOLVED: &str = "pub fn mean() -> f64 {\n    5.0\n}\n";

    fn exercise() -> Exercise {
        Exercise {
            name: "statistics".into(),
            title: String::new(),
            topic: "01_foundations".into(),
            file: FILE.into(),
            goal: String::new(),
            linfa: String::new(),
            example: String::new(),
            hints: Vec::new(),
            ..Exercise::default()
        }
    }

    fn run_git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    /// A course repository with the skeleton committed.
    fn course() -> TempDir {
        let dir = TempDir::new("reset");
        dir.write(FILE, SKELETON);
        run_git(dir.path(), &["init", "-q"]);
        run_git(dir.path(), &["add", "."]);
        run_git(dir.path(), &["commit", "-q", "-m", "course"]);
        dir
    }

    #[test]
    fn the_learners_file_is_backed_up_then_the_skeleton_restored() {
        let dir = course();
        dir.write(FILE, SOLVED);
        let first = plan(dir.path(), &exercise()).unwrap();
        assert_eq!(
            first,
            Plan::Restore {
                skeleton: SKELETON.into(),
                current: Some(SOLVED.as_bytes().to_vec())
            }
        );
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_763_683_200 + 3_723);
        let backup = apply(dir.path(), &exercise(), first, now).unwrap().unwrap();
        assert_eq!(
            backup,
            dir.path()
                .join(".mlings-backups/statistics-20251121-010203.rs")
        );
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), SOLVED);
        assert_eq!(dir.read(FILE), SKELETON);
        assert_eq!(
            plan_of(&dir),
            "AlreadyPristine",
            "a second reset has nothing to do"
        );

        dir.write(FILE, "second attempt");
        let again = apply(
            dir.path(),
            &exercise(),
            plan(dir.path(), &exercise()).unwrap(),
            now,
        );
        let second = again.unwrap().unwrap();
        assert!(
            second.ends_with("statistics-20251121-010203-2.rs"),
            "{second:?}"
        );
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), SOLVED, "kept");
    }

    fn plan_of(dir: &TempDir) -> String {
        match plan(dir.path(), &exercise()) {
            Ok(plan) => format!("{plan:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn without_git_nothing_is_guessed() {
        let dir = TempDir::new("reset-no-git");
        dir.write(FILE, SOLVED);
        let message = plan_of(&dir);
        assert!(message.contains("not a git repository"), "{message}");
        assert_eq!(dir.read(FILE), SOLVED);
    }

    #[test]
    fn committed_work_is_not_taken_for_the_skeleton() {
        // With an upstream: any local commit touching the file is the learner's.
        let upstream = course();
        let clone = TempDir::new("reset-clone");
        run_git(
            clone.path(),
            &["clone", "-q", upstream.path().to_str().unwrap(), "."],
        );
        clone.write(FILE, "pub fn mean() -> f64 { todo!() } // half done");
        run_git(clone.path(), &["commit", "-q", "-am", "my work"]);
        clone.write(FILE, SOLVED);
        let message = plan_of(&clone);
        assert!(
            message.contains("you committed your own changes") && message.contains("my work"),
            "{message}"
        );
        assert!(
            message.contains("git show origin/main:exercises/"),
            "{message}"
        );

        // Without an upstream: a committed file without todo!() is not a skeleton.
        let dir = course();
        dir.write(FILE, SOLVED);
        run_git(dir.path(), &["commit", "-q", "-am", "solved"]);
        let message = plan_of(&dir);
        assert!(message.contains("has no todo!()"), "{message}");
    }

    #[test]
    fn a_file_in_another_encoding_is_backed_up_byte_for_byte() {
        let dir = course();
        // "// café" saved as Latin-1: not valid UTF-8.
        let latin1 = b"pub fn mean() -> f64 { 5.0 } // caf\xe9\n".to_vec();
        std::fs::write(dir.path().join(FILE), &latin1).unwrap();
        let plan = plan(dir.path(), &exercise()).unwrap();
        let backup = apply(dir.path(), &exercise(), plan, SystemTime::now())
            .unwrap()
            .expect("a backup");
        assert_eq!(std::fs::read(backup).unwrap(), latin1);
        assert_eq!(dir.read(FILE), SKELETON);
    }

    #[test]
    fn a_backup_folder_that_cannot_be_created_is_named_and_nothing_changes() {
        let dir = course();
        dir.write(FILE, SOLVED);
        dir.write(BACKUP_DIR, "a file where the folder should be");
        let plan = plan(dir.path(), &exercise()).unwrap();
        let error = apply(dir.path(), &exercise(), plan, SystemTime::now()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "cannot create the backup folder {}",
                dir.path().join(BACKUP_DIR).display()
            )) && message.ends_with("nothing was changed"),
            "{message}"
        );
        assert_eq!(dir.read(FILE), SOLVED);
    }

    #[test]
    fn a_deleted_file_is_restored_without_a_backup() {
        let dir = course();
        std::fs::remove_file(dir.path().join(FILE)).unwrap();
        let plan = plan(dir.path(), &exercise()).unwrap();
        assert_eq!(
            apply(dir.path(), &exercise(), plan, SystemTime::now()).unwrap(),
            None
        );
        assert_eq!(dir.read(FILE), SKELETON);
    }

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(timestamp(SystemTime::UNIX_EPOCH), "19700101-000000");
    }
}
