"""Exact outputs of `zona fmt` for hand-written messy inputs: comments everywhere, blank
lines, spacing, one-line and multi-line blocks, lists, grade levels, parentheses, texts."""

from __future__ import annotations

import pytest

from zona.language.format import format_source

#: Lines longer than 100 columns, put into the texts below by `long()`.
LONG = {
    "<PREDICATE>": ('predicate P { require (total >= 1 and c >= 2) or (c >= 3 and total >= '
                    '4) or (c >= 5 and total >= 6) or fact f == yes }'),
    "<SCALE>": ('scale panjang "Skala dengan label yang panjang sekali" { Sangat_baik '
                '= 1 "Sangat baik", Baik = 0.75 "Baik", Kurang = 0 "Kurang" }'),
    "<REQUIRE>": ('    require (c >= 10 and share(c) >= 40%) or (c >= 20 and share(c) >= '
                  '50%) or (c >= 25 and share(c) >= 60%)'),
}


def long(text: str) -> str:
    """A text with its <MARKERS> replaced by long lines."""
    for marker, line in LONG.items():
        text = text.replace(marker, line)
    return text


COMMENTS_EVERYWHERE = long('''\
# top comment


ruleset "messy" {   # after brace
  title   "Messy"
      maximum 100 # max
    # before missing

    missing exclude
}
scale yt "Y/T" {Y=1,   T = 0 "Tidak",}   # trailing
scale abc { # opening
  assumed "x"
  A = 1,  # one
  B = 0.5, C = 0
  # end of options
}
component c "C" { weight 100
    question q1 { scale yt   soal 1 }
    item i1 {
        score = min(1, ( q1 +   2 ) * 3)   # capped
        weight 0
    }   # closes i1


    # lonely
}
derived d = (a +  # inside
    b)
<PREDICATE>
grade g by round(total,2) {
  level lo .. < 50 # low
  level hi "High" 50 ..
}
# the end
''')

COMMENTS_EVERYWHERE_FORMATTED = long('''\
# top comment

ruleset "messy" {  # after brace
    title "Messy"
    maximum 100  # max
    # before missing

    missing exclude
}
scale yt "Y/T" { Y = 1, T = 0 "Tidak" }  # trailing
scale abc {  # opening
    assumed "x"
    A = 1,  # one
    B = 0.5,
    C = 0,
    # end of options
}
component c "C" {
    weight 100
    question q1 { scale yt  soal 1 }
    item i1 {
        score = min(1, (q1 + 2) * 3)  # capped
        weight 0
    }  # closes i1

    # lonely
}
# inside
derived d = (a + b)
<PREDICATE>
grade g by round(total, 2) {
    level lo           .. < 50  # low
    level hi "High" 50 ..
}
# the end
''')

AMENDMENTS_AND_GRADES = '''\
ruleset "b" extends "permenpan-90-2021" { title "B" }
fact jenis "Jenis"   levels {pusat,daerah,   # two so far
   desa}
fact skor number 0..100 { from "sakip-88-2021" score total }
amend q1 { weight 2
  label "Baru" }
remove q2
move q3 to pem_mp_tim
add to pem_mp_tim { question q200 "Baru" { scale ya_tidak } }
grade predikat "Predikat" by round( total , 2 ) { level C .. < 60 # low
  level B   60 .. < 80
  level A "Amat baik" 80.. when share( pengungkit )>=50% { note "n" }

  level AA > 90 .. 100
}
view vv = pengungkit+hasil
derived x "X" = if (fact jenis == pusat) then -(1) else ((2)) * max((q1), q2)
component c { question q { criteria """
            a. first
              b. nested
            """ } }
'''

AMENDMENTS_AND_GRADES_FORMATTED = '''\
ruleset "b" extends "permenpan-90-2021" { title "B" }
fact jenis "Jenis" levels {
    pusat,
    daerah,  # two so far
    desa,
}
fact skor number 0..100 { from "sakip-88-2021" score total }
amend q1 {
    weight 2
    label "Baru"
}
remove q2
move q3 to pem_mp_tim
add to pem_mp_tim {
    question q200 "Baru" { scale ya_tidak }
}
grade predikat "Predikat" by round(total, 2) {
    level C                .. < 60  # low
    level B             60 .. < 80
    level A "Amat baik" 80 ..      when share(pengungkit) >= 50% { note "n" }

    level AA > 90 .. 100
}
view vv = pengungkit + hasil
derived x "X" = if (fact jenis == pusat) then -(1) else (2) * max((q1), q2)
component c {
    question q {
        criteria """
            a. first
              b. nested
            """
    }
}
'''

LISTS_AND_WRAPPING = long('''\
ruleset "c" {


  title "C"

}



<SCALE>
scale s2 {
  A = 1, B = 0.50
}
component c "C" { weight 25.0  aggregate mean
  question q1 { scale s2 }  question q2 { scale panjang }


}
predicate P {
<REQUIRE>
    require c >= 2.50 or c <= 0.5  # short, with a note
}
''')

LISTS_AND_WRAPPING_FORMATTED = long('''\
ruleset "c" {
    title "C"
}

scale panjang "Skala dengan label yang panjang sekali" {
    Sangat_baik = 1 "Sangat baik", Baik = 0.75 "Baik", Kurang = 0 "Kurang"
}
scale s2 {
    A = 1, B = 0.50
}
component c "C" {
    weight 25.0
    aggregate mean
    question q1 { scale s2 }
    question q2 { scale panjang }
}
predicate P {
    require (c >= 10 and share(c) >= 40%)
        or (c >= 20 and share(c) >= 50%)
        or (c >= 25 and share(c) >= 60%)
    require c >= 2.50 or c <= 0.5  # short, with a note
}
''')


@pytest.mark.parametrize(("messy", "formatted"), [
    (COMMENTS_EVERYWHERE, COMMENTS_EVERYWHERE_FORMATTED),
    (AMENDMENTS_AND_GRADES, AMENDMENTS_AND_GRADES_FORMATTED),
    (LISTS_AND_WRAPPING, LISTS_AND_WRAPPING_FORMATTED),
], ids=["comments", "amendments-grades", "lists-wrapping"])
def test_exact_layout(messy: str, formatted: str) -> None:
    assert format_source(messy) == formatted
    assert format_source(formatted) == formatted


@pytest.mark.parametrize(("messy", "formatted"), [
    # numbers keep their spelling: 25.0 is not written 25, nor 0.50 as 0.5
    ('ruleset "x" { maximum 100.0 }\ncomponent c { weight 25.0  score = 0.50 * 2 }\n',
     'ruleset "x" { maximum 100.0 }\ncomponent c { weight 25.0  score = 0.50 * 2 }\n'),
    # one blank line where the author left several; none after `{` or before `}`
    ('ruleset "x" {\n\n\n    title "t"\n\n\n}\n\n\n\nscale s { A = 1 }\nscale t { A = 1 }\n',
     'ruleset "x" {\n    title "t"\n}\n\nscale s { A = 1 }\nscale t { A = 1 }\n'),
    # a one-line block holding a block is opened; its comment stays on its first line
    # (where a `# zona: ignore[...]` comment silences the block's warnings)
    ('ruleset "x" {}\ngroup g { question q { scale s } }  # zona: ignore[unused-view]\n',
     'ruleset "x" {}\ngroup g {  # zona: ignore[unused-view]\n    question q { scale s }\n}\n'),
    # parentheses: the author's are kept (one pair), none are added or removed
    ('ruleset "x" {}\nderived d = ((a + b)) * c - (d) + f((g)) + f(h) + -(1)\n',
     'ruleset "x" {}\nderived d = (a + b) * c - (d) + f((g)) + f(h) + -(1)\n'),
    # a long condition with a comment after it stays on one line, with its comment
    ('ruleset "x" {}\npredicate P {\n  require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >= 1 or '
     'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb >= 2 or c >= 3  # why\n}\n',
     'ruleset "x" {}\npredicate P {\n    require aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >= 1 or '
     'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb >= 2 or c >= 3  # why\n}\n'),
    # Windows line ends become \n; a comment keeps its text
    ('ruleset "x" {\r\n  title "t"  # t\r\n}\r\n', 'ruleset "x" {\n    title "t"  # t\n}\n'),
], ids=["numbers", "blank-lines", "opened-block", "parentheses", "commented-condition", "crlf"])
def test_one_rule(messy: str, formatted: str) -> None:
    assert format_source(messy) == formatted
    assert format_source(formatted) == formatted
