"""Pinyin of every palette entry: its full initials (``grzhjbxx``) and its full pinyin, generated.

Generated with pypinyin (a dev dependency only: the running app never imports it) and checked against it
by ``tests/test_palette_pinyin.py``, which also checks that the palette finds every entry by each form.
Regenerate with ``python -m tests.test_palette_pinyin`` after adding a function.
``READINGS`` adds the reading a person types where pypinyin picks another (还款 is huankuan).
"""

from __future__ import annotations

# title → (initials, full pinyin), as pypinyin's lazy_pinyin gives them
PINYIN: dict[str, tuple[str, str]] = {
    "个人账户基本信息": ("grzhjbxx", "gerenzhanghujibenxinxi"),
    "个人账户明细": ("grzhmx", "gerenzhanghumingxi"),
    "个人贷款进度查询": ("grdkjdcx", "gerendaikuanjinduchaxun"),
    "公积金贷款账户信息": ("gjjdkzhxx", "gongjijindaikuanzhanghuxinxi"),
    "公积金贷款还款明细": ("gjjdkhkmx", "gongjijindaikuanhaikuanmingxi"),
    "公积金贷款还款计划查询": ("gjjdkhkjhcx", "gongjijindaikuanhaikuanjihuachaxun"),
    "登录密码变更": ("dlmmbg", "denglumimabiangeng"),
    "支付密码变更": ("zfmmbg", "zhifumimabiangeng"),
    "支付密码找回": ("zfmmzh", "zhifumimazhaohui"),
    "消息": ("xx", "xiaoxi"),
    "我发起的": ("wfqd", "wofaqide"),
    "已阅": ("yy", "yiyue"),
    "贷款申请": ("dksq", "daikuanshenqing"),
    "离职提取": ("lztq", "lizhitiqu"),
    "离退休提取": ("ltxtq", "lituixiutiqu"),
    "个人住房公积金缴存证明": ("grzfgjjjczm", "gerenzhufanggongjijinjiaocunzhengming"),
    "帮助：本页按键": ("bzbyaj", "bangzhubenyeanjian"),
    "切换配色主题": ("qhpszt", "qiehuanpeisezhuti"),
    "注册（首次使用）": ("zcscsy", "zhuceshoucishiyong"),
    "忘记密码": ("wjmm", "wangjimima"),
    "换一张验证码": ("hyzyzm", "huanyizhangyanzhengma"),
    "退出服务大厅": ("tcfwdt", "tuichufuwudating"),
    "退出程序": ("tccx", "tuichuchengxu"),
    "退出自助终端模式": ("tczzzdms", "tuichuzizhuzhongduanmoshi"),
}

# Other readings a person types: (what pypinyin wrote, what it also is)
READINGS: tuple[tuple[str, str], ...] = (("haikuan", "huankuan"),)


def pinyin_keywords(title: str) -> str:
    """The words the palette also matches ``title`` by: its initials and every full pinyin of it."""
    forms = PINYIN.get(title)
    if forms is None:
        return ""
    initials, full = forms
    words = [initials, full]
    words += [full.replace(typed, other) for typed, other in READINGS if typed in full]
    return " ".join(words)
