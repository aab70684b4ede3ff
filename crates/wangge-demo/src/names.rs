//! Synthetic names: people, phones, places (communities, villages, roads, estates),
//! buildings, work units and enterprises, drawn from small pools of name parts.
//!
//! Nothing here names a real person or a real firm; place names only sound like Jiaxing.

use std::collections::BTreeSet;

use rand::seq::SliceRandom;
use rand::Rng;

/// Common surnames of northern Zhejiang, the frequent ones listed more than once so that a
/// uniform pick gives a plausible distribution.
const SURNAMES: &[&str] = &[
    "沈", "沈", "沈", "朱", "朱", "陈", "陈", "陈", "王", "王", "王", "张", "张", "徐", "徐", "钱", "钱", "李", "李", "周", "周", "吴",
    "吴", "杨", "金", "顾", "姚", "陆", "孙", "黄", "胡", "马", "蒋", "许", "戴", "费", "曹", "冯", "吕", "倪", "范", "褚", "俞", "屠",
    "汤", "郑", "赵", "刘", "高", "盛", "宋", "方", "施", "潘", "邵", "唐",
];

const GIVEN_MALE: &[&str] = &[
    "伟", "强", "军", "杰", "明", "华", "建", "国", "峰", "斌", "勇", "涛", "磊", "浩", "俊", "林", "海", "平", "文", "东", "辉", "刚",
    "鹏", "超", "波", "宇", "洋", "翔", "晨", "阳", "志", "卫", "荣", "新", "永", "春", "良", "德",
];

const GIVEN_FEMALE: &[&str] = &[
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "萍", "红", "玲", "英", "慧", "洁", "雪", "婷", "琳", "颖", "梅", "兰", "凤", "佳",
    "怡", "欣", "悦", "雯", "倩", "琴", "秀", "丹", "月", "珍",
];

/// First and second syllables of place names.
const PLACE_A: &[&str] = &[
    "东", "西", "南", "北", "新", "长", "和", "春", "秋", "嘉", "禾", "梅", "湖", "金", "银", "文", "昌", "富", "锦", "翠", "清", "秀",
    "永", "兴", "茶", "竹", "桂", "荷", "杨", "柳", "丰", "凤", "龙", "泰", "安", "汇", "双", "云", "望", "胜", "姚", "曹", "虹", "光",
    "明", "平",
];
const PLACE_B: &[&str] = &[
    "园", "苑", "湾", "桥", "港", "浜", "塘", "溪", "河", "庄", "圩", "泾", "里", "兴", "安", "华", "丰", "盛", "福", "家", "林", "墩",
    "埭", "漾", "荡", "坊", "口", "湖", "星", "阳", "乐", "宁", "秀", "苗", "泉",
];

const ESTATE_SUFFIX: &[&str] = &["小区", "花园", "公寓", "新村", "家园", "苑", "府", "名邸"];
const ROAD_SUFFIX: &[&str] = &["路", "路", "路", "街", "大道", "弄"];
const OFFICE_SUFFIX: &[&str] = &["大厦", "商务楼", "中心", "广场", "科创园"];
const WORK_UNITS: &[&str] = &["中学", "小学", "幼儿园", "卫生院", "派出所", "市场监管所", "供电所", "敬老院", "农贸市场", "汽车站"];

/// Industry sectors and the noun an enterprise of that sector puts in its name.
pub const SECTORS: &[(&str, &[&str])] = &[
    ("纺织服装", &["纺织", "服饰", "针织", "丝绸"]),
    ("机械制造", &["机械", "精工", "机电", "装备"]),
    ("电子信息", &["电子", "光电", "科技", "信息技术"]),
    ("食品加工", &["食品", "粽业", "农产品"]),
    ("化工新材料", &["新材料", "化工", "塑业"]),
    ("汽车零部件", &["汽配", "汽车部件", "轴承"]),
    ("建材家居", &["建材", "家居", "木业"]),
    ("印刷包装", &["印刷", "包装", "纸业"]),
    ("商贸物流", &["贸易", "物流", "供应链"]),
    ("生物医药", &["生物", "医疗器械", "药业"]),
];

/// A man or a woman: decides the given-name pool and the parity of the ID sequence digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

pub fn person_name<R: Rng>(rng: &mut R, sex: Sex) -> String {
    let pool = match sex {
        Sex::Male => GIVEN_MALE,
        Sex::Female => GIVEN_FEMALE,
    };
    let mut name = String::from(*SURNAMES.choose(rng).expect("pool"));
    name.push_str(pool.choose(rng).expect("pool"));
    // About a third of given names have one character.
    if rng.gen_bool(0.68) {
        name.push_str(pool.choose(rng).expect("pool"));
    }
    name
}

/// An 11-digit mainland mobile number (1xx xxxx xxxx), stored without spaces.
pub fn phone<R: Rng>(rng: &mut R) -> String {
    const PREFIXES: &[&str] = &[
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "157", "158", "159", "173", "177",
        "180", "181", "182", "183", "187", "188", "189", "199",
    ];
    format!("{}{:08}", PREFIXES.choose(rng).expect("pool"), rng.gen_range(0..100_000_000u32))
}

/// Draws names from a generator until one is new, so place names stay unique district-wide.
/// A numeric suffix resolves the rare case where the pool is exhausted.
#[derive(Default)]
pub struct Unique {
    used: BTreeSet<String>,
}

impl Unique {
    pub fn take<R: Rng>(&mut self, rng: &mut R, mut make: impl FnMut(&mut R) -> String) -> String {
        for _ in 0..50 {
            let name = make(rng);
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        let base = make(rng);
        let name = (2..).map(|n| format!("{base}{n}")).find(|n| !self.used.contains(n)).expect("some suffix is free");
        self.used.insert(name.clone());
        name
    }
}

/// Two syllables of a place name, e.g. "梅湾".
pub fn place_stem<R: Rng>(rng: &mut R) -> String {
    loop {
        let a = PLACE_A.choose(rng).expect("pool");
        let b = PLACE_B.choose(rng).expect("pool");
        // Doubled syllables ("湖湖") read badly.
        if a == b {
            continue;
        }
        return format!("{a}{b}");
    }
}

pub fn road<R: Rng>(rng: &mut R) -> String {
    format!("{}{}", place_stem(rng), ROAD_SUFFIX.choose(rng).expect("pool"))
}

pub fn estate<R: Rng>(rng: &mut R) -> String {
    format!("{}{}", place_stem(rng), ESTATE_SUFFIX.choose(rng).expect("pool"))
}

pub fn office_building<R: Rng>(rng: &mut R) -> String {
    format!("{}{}", place_stem(rng), OFFICE_SUFFIX.choose(rng).expect("pool"))
}

pub fn work_unit<R: Rng>(rng: &mut R, place: &str) -> String {
    format!("{place}{}", WORK_UNITS.choose(rng).expect("pool"))
}

/// An enterprise name and its sector, e.g. ("嘉兴禾港精工有限公司", "机械制造").
pub fn enterprise<R: Rng>(rng: &mut R) -> (String, &'static str) {
    let (sector, nouns) = SECTORS.choose(rng).expect("pool");
    let noun = nouns.choose(rng).expect("pool");
    let form = if rng.gen_bool(0.8) { "有限公司" } else { "股份有限公司" };
    (format!("嘉兴{}{noun}{form}", place_stem(rng)), sector)
}
