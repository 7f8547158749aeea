//! Citations: the source documents, the clause and original words of every rule id of RULES.md,
//! so every result can cite where its answer comes from. Each citation lives in one place: the
//! rules whose parameters a rule pack holds (tier tables, deadline periods, windows, limits) are
//! cited by the pack, beside those parameters ([`Pack::catalogue`](crate::pack::Pack::catalogue));
//! the rest are cited here.

use alloc::borrow::Cow;

/// Text of a citation or a pack: borrowed from the crate's own tables, owned when loaded.
pub type Text = Cow<'static, str>;

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// Short name of the document (`GZ`, `NAT` … or a name the pack's authors chose).
    pub document: Text,
    /// The clause inside the document.
    pub clause: Text,
    /// The original words.
    pub words: Text,
    /// What is computed from it, in one sentence.
    pub summary: Text,
}

/// A rule id in the JSON Schema: one of the built-in catalogue's, or one a loaded pack defines.
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub struct RuleId;

/// A source document of the norms.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// Short name used in RULES.md (`GZ`, `NAT` …).
    pub short: Text,
    /// File under `shared/seeds/`, or `None` for law, notices and documents outside the seeds.
    pub file: Option<Text>,
    /// What the document is.
    pub title: Text,
}

const fn doc(short: &'static str, file: Option<&'static str>, title: &'static str) -> Document {
    let file = match file {
        Some(f) => Some(Cow::Borrowed(f)),
        None => None,
    };
    Document { short: Cow::Borrowed(short), file, title: Cow::Borrowed(title) }
}

/// National telecom service standard (clauses 6.4 – 10.2).
pub const NAT: Document =
    doc("NAT", Some("000_2de330606026e74d.txt"), "电信服务规范 (national telecom service standard)");
/// China Telecom Guizhou: 10000 hotline norms, 2010 standard terms, customer club rules.
pub const GZ: Document = doc(
    "GZ",
    Some("001_8acf559f1d4d1ff7.txt"),
    "中国电信贵州公司 10000号服务规范 / 客户俱乐部 (China Telecom Guizhou)",
);
/// China Telecom collection: hotline, Jiangsu 2010 table, installer and enterprise norms.
pub const CT: Document = doc("CT", Some("002_f6e0ab89cfbcd1f6.txt"), "中国电信服务规范汇编 (China Telecom collection)");
/// China Unicom service norms.
pub const CU: Document = doc("CU", Some("003_c069e301ed0d9649.txt"), "中国联通服务规范 (China Unicom)");
/// Generic telecom customer service guide.
pub const GUIDE: Document =
    doc("GUIDE", Some("004_0aede9bb59bf1ecc.txt"), "电信业务客户服务指南(标准版) (telecom customer service guide)");
/// The State Council General Office's yearly holiday notices: the working-day calendar.
pub const STATE_COUNCIL: Document =
    doc("SC", None, "国务院办公厅关于部分节假日安排的通知 (State Council holiday notices, 2004–2026)");
/// The law of the statutory holidays, in its version as amended in 2024 (see
/// [`calendar::statutory`](crate::calendar::statutory) for every version since 1999).
pub const HOLIDAYS: Document = doc(
    "HOLIDAYS",
    None,
    "全国年节及纪念日放假办法 (Measures on National Holidays and Memorial Days, as amended by 国务院令第795号, in force 2025-01-01)",
);
/// Decisions of the rules digest where no document speaks (RULES.md section 0).
pub const DIGEST: Document = doc("RULES", None, "guifan rules digest (RULES.md decisions)");
/// Civil Code of the PRC, read by analogy for bounds and periods.
pub const CIVIL_CODE: Document = doc("CIVIL", None, "中华人民共和国民法典 (Civil Code of the PRC)");

/// The documents the built-in catalogue cites, by short name.
const DOCUMENTS: [&Document; 9] = [&NAT, &GZ, &CT, &CU, &GUIDE, &STATE_COUNCIL, &HOLIDAYS, &DIGEST, &CIVIL_CODE];

impl Document {
    /// The document with this short name: one of the built-in ones, or a document known only by
    /// the name a rule pack gives it.
    pub fn named(short: &Text) -> Document {
        DOCUMENTS.iter().find(|d| d.short == *short).map(|d| (*d).clone()).unwrap_or_else(|| Document {
            short: short.clone(),
            file: None,
            title: short.clone(),
        })
    }
}

/// One catalogued rule.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rule {
    /// Stable id, e.g. `SLA.COMPLAINT.ORDINARY`.
    pub id: Text,
    /// The document it comes from.
    pub document: Document,
    /// The clause inside the document.
    pub clause: Text,
    /// The original words (Chinese).
    pub words: Text,
    /// What guifan computes from it, in one sentence.
    pub summary: Text,
    /// Whether guifan computes it (sections 0–6) or only catalogues it (sections 7–8).
    pub computed: bool,
}

impl Rule {
    /// The catalogue entry of a rule a pack defines, cited as the pack cites it.
    pub fn from_source(id: &str, source: &Source) -> Rule {
        Rule {
            id: Cow::Owned(id.into()),
            document: Document::named(&source.document),
            clause: source.clause.clone(),
            words: source.words.clone(),
            summary: source.summary.clone(),
            computed: true,
        }
    }
}

/// A rule of RULES.md in its place in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// Cited here: nothing of the rule is a pack's to set.
    Cited(Rule),
    /// Defined by the rule pack, which cites it beside its parameters (a pack without it: the
    /// built-in pack's).
    InPack(&'static str),
}

impl Entry {
    /// The rule id.
    pub fn id(&self) -> &str {
        match self {
            Entry::Cited(r) => &r.id,
            Entry::InPack(id) => id,
        }
    }
}

const fn entry(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
    computed: bool,
) -> Entry {
    Entry::Cited(Rule {
        id: Cow::Borrowed(id),
        document,
        clause: Cow::Borrowed(clause),
        words: Cow::Borrowed(words),
        summary: Cow::Borrowed(summary),
        computed,
    })
}

const fn rule(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
) -> Entry {
    entry(id, document, clause, words, summary, true)
}

const fn listed(
    id: &'static str,
    document: Document,
    clause: &'static str,
    words: &'static str,
    summary: &'static str,
) -> Entry {
    entry(id, document, clause, words, summary, false)
}

const fn pack(id: &'static str) -> Entry {
    Entry::InPack(id)
}

/// The words INTERP.PROVISIONAL cites: art. 2 of the 2024 version, and art. 6 (补假).
const PROVISIONAL_WORDS: &str = "第二条 全体公民放假的节日:(一)元旦,放假1天(1月1日);\
    (二)春节,放假4天(农历除夕、正月初一至初三);(三)清明节,放假1天(农历清明当日);(四)劳动节,放假2天(5月1日、2日);\
    (五)端午节,放假1天(农历端午当日);(六)中秋节,放假1天(农历中秋当日);(七)国庆节,放假3天(10月1日至3日)。\
    第六条 全体公民放假的假日,如果适逢周六、周日,应当在工作日补假。";

/// Every rule of RULES.md, in its order.
pub static CATALOGUE: &[Entry] = &[
    // 0. Interpretation
    rule("INTERP.BOUNDS", CIVIL_CODE, "art. 1259",
        "民法所称的“以上”、“以下”、“以内”、“届满”,包括本数;所称的“不满”、“超过”、“以外”,不包括本数。",
        "以上/以下/以内/届满/以前/以后 include the stated number; 不满/超过/以外 exclude it."),
    rule("INTERP.PERIODS", CIVIL_CODE, "arts. 201–204",
        "按照年、月、日计算期间的,开始的当日不计入,自下一日开始计算。按照小时计算期间的,自法律规定或者当事人约定的时间开始计算。",
        "Hours start at the start instant; days and months start the next day; the last day ends at 24:00."),
    rule("INTERP.UNITS", GZ, "关键术语 13, 14",
        "小时:时间单位,包括作息时间在内的连续时间。天:时间单位,包括周末及节假日在内的连续时间",
        "Hours are continuous clock hours, days are calendar days; 工作日 follows the State Council schedule."),
    rule("INTERP.ONTIME", CIVIL_CODE, "art. 1259",
        "以内 … 包括本数",
        "A deadline is met when done <= due; 立即 (immediately) means due = start."),
    rule("INTERP.TIME", DIGEST, "0. INTERP.TIME",
        "All wall-clock times are Beijing time (UTC+08:00, no daylight saving since 1991); Xinjiang and Tibet use Beijing time too.",
        "All wall-clock times are Beijing time (+08:00); other offsets are converted."),
    rule("INTERP.CALENDAR", STATE_COUNCIL, "yearly notices",
        "国务院办公厅关于<year>年部分节假日安排的通知",
        "Working-day arithmetic only uses years with a known schedule; unknown years are errors."),
    rule("INTERP.PROVISIONAL", HOLIDAYS, "第二条、第六条", PROVISIONAL_WORDS,
        "On request only, a year without a published schedule (2025–2100) is answered from these statutory days, \
         weekends otherwise, without the notice's make-up working days and 补假; such answers say so, with the years."),
    // 1. Tiers
    rule("TIER.PERSONAL", GZ, "第三章 VIP会员评级标准 (二)",
        "以个人证件登记的客户…按以下标准进行评级",
        "Personal-ID customers are rated by brand on the annual spend E (the three tables below)."),
    pack("TIER.PERSONAL.EHOME"),
    pack("TIER.PERSONAL.TIANYI"),
    pack("TIER.PERSONAL.OTHER"),
    pack("TIER.ENTERPRISE.REVENUE"),
    pack("TIER.ENTERPRISE.GOV"),
    pack("TIER.PACKAGE"),
    pack("TIER.PROVISIONAL"),
    rule("TIER.REVIEW", GZ, "第三章 (三) 会员升降级及换卡标准",
        "会员实行升降级制度,每年根据评级依据及等级标准重新核定,根据核定结果,延续或取消会员资格",
        "Yearly review against the previous tier: upgrade, downgrade, unchanged, joined or left."),
    rule("TIER.OVERRIDE", GZ, "第三章 (三) 会员升降级及换卡标准",
        "在会员级别发生降低后,可采取适当的手工干预,但须经各省公司市场部审批后执行",
        "After a downgrade an approved override may keep a tier above the evaluated one, at most the previous."),
    // 2. Status
    rule("STATUS.FREEZE", GZ, "第三章 会员资格冻结",
        "当会员名下任一终端设备欠费时,会员资格、会员卡及相应积分冻结,重新缴费后解除冻结。",
        "While any line is in arrears, membership, card and points are frozen."),
    rule("STATUS.CANCEL", GZ, "第三章 会员资格取消",
        "当出现以下情况时,会员资格自动取消",
        "Membership is cancelled automatically when any of the listed reasons holds."),
    rule("STATUS.CANCEL.NO_SERVICE", GZ, "第三章 会员资格取消 (一)",
        "会员不再继续使用中国电信提供的任何业务。",
        "Cancelled when no active line remains."),
    pack("STATUS.CANCEL.ARREARS"),
    rule("STATUS.CANCEL.REQUEST", GZ, "第三章 会员资格取消 (三)",
        "会员自愿申请取消会员资格。",
        "Cancelled when the member asks to leave."),
    rule("STATUS.CANCEL.EXPIRED", GZ, "第三章 会员资格取消 (四)",
        "会员卡超过有效期限。",
        "Cancelled after the card's expiry date (the expiry day itself is still valid)."),
    rule("STATUS.CANCEL.MISCONDUCT", GZ, "第三章 会员资格取消 (五)",
        "有严重损害中国电信形象和利益的行为。",
        "Cancelled when the operator flags serious misconduct."),
    rule("STATUS.PRECEDENCE", GZ, "第三章 会员资格冻结/取消",
        "会员资格冻结 … 会员资格自动取消",
        "Cancelled beats frozen beats active; every applying reason is listed."),
    // 3. Points
    rule("POINTS.MERGE", NAT, "8.2.2.3",
        "提供以客户为单位的积分合并,合并积分统一使用。",
        "All accounts of one customer merge into one balance; lots are deduplicated by id."),
    rule("POINTS.FROZEN", GZ, "第三章 会员资格冻结",
        "会员资格、会员卡及相应积分冻结",
        "A frozen member cannot redeem points; earning continues."),
    rule("POINTS.EXPIRY", GZ, "VIP会员服务 一(四) 积分活动",
        "此类奖励积分要求会员限期使用。",
        "Promotional lots are spendable through their expiry date and expired from the next day."),
    rule("POINTS.REDEEM_ORDER", NAT, "8.2.2.3",
        "合并积分统一使用",
        "Redemption spends lots with an expiry first, soonest first, then oldest earned, then by id."),
    rule("POINTS.HISTORY", NAT, "8.2.1.2",
        "提供不少于6个月的积分变化明细和积分应用明细查询。",
        "The ledger answers point changes between any two dates it holds."),
    // 4. Deadlines
    pack("SLA.COMPLAINT.ORDINARY"),
    pack("SLA.COMPLAINT.BRAND"),
    pack("SLA.COMPLAINT.VIP"),
    pack("SLA.FAULT.ORDINARY"),
    pack("SLA.FAULT.BRAND"),
    pack("SLA.FAULT.VIP"),
    pack("SLA.REPAIR.SAMEDAY"),
    pack("SLA.INSTALL.SAMEDAY"),
    pack("SLA.HOTLINE.ORDER"),
    pack("SLA.VIP.HARD_ISSUE"),
    pack("SLA.FEEDBACK"),
    pack("SLA.APPOINTMENT.CONFIRM"),
    pack("SLA.FAULT.CONTACT"),
    pack("SLA.ACCEPT.REVIEW"),
    pack("SLA.ACCEPT.NOTIFY"),
    pack("SLA.DISPUTE.INITIAL"),
    pack("SLA.CUTOVER"),
    pack("SLA.COUNTER"),
    pack("SLA.APPOINTMENT.PUNCTUAL"),
    rule("INTERP.PAUSE", CU, "入户装维服务规范 第二节 预约服务",
        "因客户原因超出装维服务时限时,应在工单上注明;两次预约客户不装时,应将约定信息详细记录,并将该工单转客服中心按照异常工单流程处理",
        "A deadline's clock stops inside its pauses [from, to): time clocks stop, day clocks skip wholly paused days, \
         same-day deadlines and pauses after the due move nothing; an open pause leaves the due unknown until it ends."),
    pack("SLA.TICKET"),
    // 5. Windows
    pack("NOTIFY.WINDOW"),
    pack("VISIT.WINDOW"),
    // 6. Benefits and dunning
    pack("BENEFIT.DIAMOND"),
    pack("DUNNING.CHANNEL"),
    // 7. Conversation rules (catalogued)
    listed("CALL.HOLD", GZ, "第一章 服务规范标准用语",
        "在得到客户同意后才能按静音键;…超过2分钟以上的超长等待",
        "Hold only with consent, speak every 15 s, end waits over 2 minutes with a call-back."),
    listed("CALL.HANGUP", GZ, "第一章 服务规范标准用语",
        "若客户在5秒后仍未挂断电话",
        "The customer hangs up first; the agent may after 5 seconds."),
    listed("CALL.NUISANCE", GZ, "第一章 服务规范标准用语", "超过10分钟以上", "Nuisance calls end within 10 minutes."),
    listed("CALL.SPEECH_RATE", GZ, "第一章 服务规范标准用语",
        "100个字以下 … 200个字以上",
        "About 150 characters a minute; 100 or fewer is slow, 200 or more fast."),
    listed("CALL.FORBIDDEN", GZ, "服务禁忌 (九)", "服务禁语", "The 46 forbidden phrases."),
    // 8. Further limits (catalogued)
    listed("SLA.GUIDE.PROCESSING", GUIDE, "6.1",
        "一般业务处理时间不超过30分钟,复杂业务处理时间不超过45分钟",
        "Counter processing at most 30 minutes, complex business 45."),
    listed("SLA.GUIDE.EMERGENCY", GUIDE, "4.2.1",
        "接到突发事件报告后30分钟内启动应急响应", "Emergency response within 30 minutes."),
    listed("SLA.GUIDE.SECURITY", GUIDE, "4.5.3",
        "2小时内完成响应,72小时内完成事件分析与整改", "Security incidents: respond in 2 h, fix in 72 h."),
    listed("RETENTION.GUIDE", GUIDE, "2.5", "一般为业务终止后5年或更长", "Records kept at least 5 years."),
    listed("SLA.INSTALLER.CALL_AHEAD", CT, "装维人员服务规范",
        "按综调中心预约时间提前十至十五分钟与客户电话预约", "Call 10–15 minutes before the agreed time."),
    listed("SLA.HOTLINE.ANSWER", CU, "标准服务", "服务水平(20秒内人工接通率)≥85%",
        "At least 85% of calls answered by a person within 20 s."),
    listed("SLA.VIP.ANSWER", NAT, "7.6.2.3", "VIP客户经理接通率应≥85%", "VIP manager answer rate at least 85%."),
    listed("SLA.HOTLINE.HOURS", NAT, "7.4.2.2", "人工服务时间≥7 d×10 h", "Human service at least 10 hours every day."),
    listed("VISIT.DOORBELL", CU, "入户", "一次按门铃时间不宜超过2秒钟", "Ring at most 2 seconds at a time."),
    listed("SLA.JS2010.INSTALL_CONTACT", CT, "江苏2010 标准表 (Jiangsu 2010 table, garbled)", "固话、宽带 ≤8小时 ≤12小时 ≤24小时",
        "Column mapping unreadable in the source; not implemented."),
    listed("HALL.SCORE", CT, "营业厅服务评价", "95分及以上…优秀,90-95分…良好,80-90分…达标",
        "Hall grades (overlapping bands as written)."),
];

/// The rule `id` as the catalogue cites it itself (none for the rules a pack defines).
pub(crate) fn cited(id: &str) -> Option<&'static Rule> {
    CATALOGUE.iter().find_map(|e| match e {
        Entry::Cited(r) if r.id == id => Some(r),
        _ => None,
    })
}

/// The citation of an id the crate itself cites; a missing one is a bug caught by the tests.
pub(crate) fn cite(id: &'static str) -> &'static Rule {
    cited(id).unwrap_or_else(|| panic!("rule {id} is not cited by the catalogue"))
}

/// RULES.md read for the tests that hold the catalogue and the packs to it.
#[cfg(test)]
pub(crate) mod rules_md {
    use alloc::string::String;
    use alloc::vec::Vec;

    pub(crate) const TEXT: &str = include_str!("../spec-tests/RULES.md");

    /// The rule ids RULES.md defines: tokens like `SLA.FAULT.VIP` with a known family prefix.
    pub(crate) fn ids() -> Vec<&'static str> {
        const FAMILIES: &[&str] = &[
            "INTERP.",
            "TIER.",
            "STATUS.",
            "POINTS.",
            "SLA.",
            "NOTIFY.",
            "VISIT.",
            "BENEFIT.",
            "DUNNING.",
            "CALL.",
            "RETENTION.",
            "HALL.",
        ];
        let mut ids = Vec::new();
        for token in TEXT.split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.' || c == '_')) {
            let token = token.trim_end_matches('.');
            if FAMILIES.iter().any(|f| token.starts_with(f)) && !ids.contains(&token) {
                ids.push(token);
            }
        }
        ids
    }

    /// A row of a RULES.md table that quotes a rule: its id, the source column when the table
    /// has one (`GZ 投诉受理 5`), and the words column.
    pub(crate) struct Row {
        pub(crate) id: String,
        pub(crate) source: Option<String>,
        pub(crate) words: String,
    }

    /// Every row of every table with a `rule id` and a `words` column.
    pub(crate) fn quoted() -> Vec<Row> {
        let mut rows = Vec::new();
        let mut header: Option<Vec<&str>> = None;
        for line in TEXT.lines() {
            let Some(inner) = line.trim().strip_prefix('|').and_then(|l| l.strip_suffix('|')) else {
                header = None;
                continue;
            };
            let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
            let Some(names) = &header else {
                header = Some(cells);
                continue;
            };
            if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
                continue;
            }
            let column = |name: &str| names.iter().position(|n| *n == name).and_then(|i| cells.get(i)).copied();
            if let (Some(id), Some(words)) = (column("rule id"), column("words")) {
                rows.push(Row { id: id.into(), source: column("source").map(String::from), words: words.into() });
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, e) in CATALOGUE.iter().enumerate() {
            let id = e.id();
            assert!(CATALOGUE[..i].iter().all(|o| o.id() != id), "duplicate {id}");
            assert!(id.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c == '_' || c.is_ascii_digit()));
            if let Entry::Cited(r) = e {
                assert!(!r.words.is_empty() && !r.clause.is_empty() && !r.summary.is_empty(), "{id}");
            }
        }
    }

    #[test]
    fn every_rules_md_id_is_catalogued() {
        let ids = rules_md::ids();
        for id in &ids {
            assert!(CATALOGUE.iter().any(|e| e.id() == *id), "{id} is in RULES.md but not in the catalogue");
        }
        for e in CATALOGUE {
            assert!(ids.contains(&e.id()), "{} is catalogued but not in RULES.md", e.id());
        }
        assert_eq!(cited("INTERP.BOUNDS").map(|r| r.document.short.as_ref()), Some("CIVIL"));
        assert_eq!(cited("SLA.CUTOVER"), None, "cited by the pack");
    }
}
