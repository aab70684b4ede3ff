//! `wangge-desktop --wall [--dwell SECS]`: the window as a wall screen — full screen, no
//! frame, the wall's playlist instead of the command centre, and whoever signs in sees
//! aggregates only (the seat's role becomes the wall screen's, so no personal data reaches
//! a screen the whole room can read, whichever account the operator used).

use wangge_api::WallSettings;

/// The wall settings the command line asks for, or `None` for the ordinary window. A bad
/// `--dwell` is an error naming the option.
pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Option<WallSettings>, String> {
    let mut wall = false;
    let mut dwell = None;
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--wall" => wall = true,
            "--dwell" => {
                let value = args.next().ok_or("--dwell 需要一个秒数（例如 --dwell 20）")?;
                dwell = Some(parse_dwell(&value)?);
            }
            other if other.starts_with("--dwell=") => dwell = Some(parse_dwell(&other["--dwell=".len()..])?),
            // Anything else belongs to the webview or the test driver.
            _ => {}
        }
    }
    if dwell.is_some() && !wall {
        return Err("--dwell 只用于大屏模式：请同时给出 --wall".to_owned());
    }
    Ok(wall.then(|| WallSettings { dwell_secs: dwell.unwrap_or(WallSettings::DEFAULT_DWELL_SECS) }))
}

fn parse_dwell(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(secs) if (2..=3600).contains(&secs) => Ok(secs),
        _ => Err(format!("--dwell 应为 2 到 3600 之间的秒数，而不是“{text}”")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        std::iter::once("wangge-desktop").chain(list.iter().copied()).map(str::to_owned).collect()
    }

    #[test]
    fn the_wall_is_asked_for_by_flag_with_its_dwell() {
        assert_eq!(from_args(args(&[])), Ok(None));
        assert_eq!(from_args(args(&["--wall"])), Ok(Some(WallSettings::default())));
        assert_eq!(from_args(args(&["--wall", "--dwell", "8"])), Ok(Some(WallSettings { dwell_secs: 8 })));
        assert_eq!(from_args(args(&["--dwell=30", "--wall"])), Ok(Some(WallSettings { dwell_secs: 30 })));
    }

    #[test]
    fn a_bad_dwell_is_refused_by_name() {
        for bad in [&["--wall", "--dwell"][..], &["--wall", "--dwell", "0"], &["--wall", "--dwell", "soon"], &["--dwell", "8"]] {
            let error = from_args(args(bad)).unwrap_err();
            assert!(error.contains("--dwell") || error.contains("--wall"), "{error}");
        }
    }
}
