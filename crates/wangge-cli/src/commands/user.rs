//! `wangge user add|list|disable|reset-password --db DB …`: the administrator's tool for
//! accounts. Like every command on a database file it needs no sign-in (whoever holds the
//! file holds the data); what it does is logged under `--as NAME`, else the system account.
//! Passwords are read from standard input, never from the command line, where `ps` and the
//! shell history would show them.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use wangge_domain::{Language, Role};
use wangge_engine::accounts::{Accounts, NewAccount};
use wangge_engine::Clock;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Create an account; its password is read from standard input.
    Add(Add),
    /// List the accounts with their roles, areas and states.
    List(List),
    /// Disable an account: it can no longer sign in and its open sessions end.
    Disable(Named),
    /// Give an account a new password (read from standard input); its open sessions end.
    ResetPassword(Named),
}

#[derive(clap::Args)]
struct Add {
    #[arg(long)]
    db: String,
    #[arg(long)]
    name: String,
    /// commander (指挥长), leader (负责人), community_worker (社区网格员), unit_handler
    /// (部门承办人), viewer (查看员), wall_screen (大屏) or administrator (系统管理员).
    #[arg(long)]
    role: String,
    /// The code of the area the account covers (the district's code for all of it).
    #[arg(long)]
    node: String,
    /// For a unit handler: the unit whose tickets it works (`dept:market`, or a grid's code).
    #[arg(long)]
    unit: Option<String>,
    /// May manage other accounts.
    #[arg(long)]
    administrator: bool,
    /// The language its seats are drawn in: zh-CN (the default) or en. The account can
    /// change it itself on any seat.
    #[arg(long, value_parser = parse_language)]
    lang: Option<Language>,
    /// The account the change is logged under (default: system).
    #[arg(long = "as", value_name = "NAME")]
    actor: Option<String>,
}

#[derive(clap::Args)]
struct List {
    #[arg(long)]
    db: String,
    /// One JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct Named {
    #[arg(long)]
    db: String,
    #[arg(long)]
    name: String,
    #[arg(long = "as", value_name = "NAME")]
    actor: Option<String>,
}

const SYSTEM: &str = "system";

pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let clock = Clock::from_env()?;
    match args.command {
        Command::Add(add) => {
            let role = Role::parse(&add.role)?;
            // The places only, to check the node: not the district's records.
            let store = crate::open::with_district(&add.db).await?;
            let hierarchy = store.load_hierarchy().await?;
            let password = read_password(&add.name)?;
            let accounts = Accounts::new(store);
            let new = NewAccount {
                name: &add.name,
                role,
                node: &add.node,
                password: &password,
                administrator: add.administrator,
                unit: add.unit.as_deref(),
            };
            let account = accounts.add(add.actor.as_deref().unwrap_or(SYSTEM), &hierarchy, &new, clock.now()).await?;
            if let Some(language) = add.lang.filter(|&language| language != account.language) {
                accounts.set_language(&account.name, language).await?;
            }
            eprintln!("已创建账号 {}（{}，{}）", account.name, account.role.label_zh(), account.node.0);
            Ok(ExitCode::SUCCESS)
        }
        Command::List(list) => {
            let accounts = Accounts::new(crate::open::store(&list.db).await?);
            let all = accounts.list().await?;
            let text = if list.json {
                serde_json::to_string_pretty(&all)? + "\n"
            } else {
                all.iter()
                    .map(|a| {
                        let state = if a.disabled { "已停用" } else { "启用" };
                        let admin = if a.administrator { " 管理员" } else { "" };
                        let unit = a.unit.as_deref().map(|u| format!("（{u}）")).unwrap_or_default();
                        format!("{}\t{}{unit}{admin}\t{}\t{state}\t{}\n", a.name, a.role.label_zh(), a.node.0, a.language.own_name())
                    })
                    .collect()
            };
            crate::commands::print(&text)
        }
        Command::Disable(named) => {
            let accounts = Accounts::new(crate::open::store(&named.db).await?);
            accounts.disable(named.actor.as_deref().unwrap_or(SYSTEM), &named.name, clock.now()).await?;
            eprintln!("已停用账号 {}，其登录已全部结束", named.name);
            Ok(ExitCode::SUCCESS)
        }
        Command::ResetPassword(named) => {
            let accounts = Accounts::new(crate::open::store(&named.db).await?);
            let password = read_password(&named.name)?;
            accounts.reset_password(named.actor.as_deref().unwrap_or(SYSTEM), &named.name, &password, clock.now()).await?;
            eprintln!("已重置账号 {} 的密码，其登录已全部结束", named.name);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_language(text: &str) -> Result<Language, String> {
    Language::parse(text).ok_or_else(|| format!("没有语言 {text:?}：可选 zh-CN（中文）或 en（English）"))
}

/// One line of standard input, without its line ending; a prompt first when a person types it.
fn read_password(name: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("账号 {name} 的密码：");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).context("reading the password from standard input")?;
    let password = line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&line).to_owned();
    if password.is_empty() {
        anyhow::bail!("no password on standard input: pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | wangge user add …`");
    }
    Ok(password)
}
