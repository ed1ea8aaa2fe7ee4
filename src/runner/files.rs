//! Finding files in the course folder.

use std::path::Path;

/// The files under `folder` (recursively), as sorted course-relative paths with `/`.
pub fn files_under(root: &Path, folder: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![root.join(folder)];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::temp_dir::TempDir;

    #[test]
    fn nested_files_are_listed_in_order() {
        let dir = TempDir::new("files");
        dir.write("plots/b.svg", "");
        dir.write("plots/kmeans/a.svg", "");
        dir.write("other/c.svg", "");
        assert_eq!(
            files_under(dir.path(), "plots"),
            ["plots/b.svg", "plots/kmeans/a.svg"]
        );
        assert!(files_under(dir.path(), "missing").is_empty());
    }
}
