"""Generate docs/warnings.md: every warning code with an example whose real output is
pasted in.

    python docs/tools/generate_warnings.py docs/warnings.md

tests/lint/test_docs.py runs it and fails when docs/warnings.md is out of date.
"""
import sys
import textwrap

from zona.i18n import set_language
from zona.lint import diagnose
from zona.lint.codes import BY_CODE, CODES
from zona.lint.output import render
from zona.source import Source

set_language("en")  # the reference is English; `zona --lang id` shows the same in Indonesian

NAME = "demo.zona"
out = []
problems = []


def md(text):
    out.append(textwrap.dedent(text).strip("\n") + "\n")


def entry(code, src, advice):
    src = textwrap.dedent(src).strip("\n") + "\n"
    found = [d for d in diagnose(src, NAME) if d.code == code]
    if not found:
        problems.append(f"{code}: the example gives no {code}")
    shown = "\n".join(render(d, Source(src, NAME)) for d in found)
    c = BY_CODE[code]
    out.append(f"### {c.code} {c.name}\n\n{c.summary[0].upper() + c.summary[1:]}.\n\n"
               f"```zona\n{src}```\n\n```text\n{shown}\n```\n\n"
               f"{textwrap.dedent(advice).strip()}\n")


md("""
# zona warning catalogue

`zona check` reports **warnings** besides [errors](errors.md): a ruleset that compiles
but says something that is almost certainly not meant, such as an input that no score
reads or a threshold no unit can reach. Warnings never stop a ruleset from loading or
scoring. Every example below is real: it was checked (as `demo.zona`) and the output
pasted in.

## How warnings are reported

```text
FILE:LINE:COLUMN: warning: MESSAGE[. HINT] [CODE]
  LINE | the source line
       |      ^^^^ under what it is about
```

- Warnings are looked for only in a ruleset without errors (they need the compiled
  ruleset); a file with errors shows its errors only, exactly as before.
- `zona check` exits 1 on errors only; `--strict` (or `--warnings-as-errors`) makes it
  exit 1 on warnings too. A file with warnings ends with `FILE: ok, N warnings`.
- `zona check --json FILE...` prints every diagnostic, errors and warnings, as a JSON
  list of objects with `file`, `line`, `column`, `end_line`, `end_column`, `severity`
  (`error` or `warning`), `code`, `message` and `hint`.
- From Python: `zona.lint.diagnose(text, name)` returns the errors of `zona.check`, or
  else the warnings, as `Diagnostic`s in source order (the language server shows the
  same); `zona.lint.warnings(text, name)` returns every warning, silenced or not.
- In a ruleset that `extends` another, only the file's own declarations are linted.

Every code is stable: it keeps its meaning and is never reused. Errors carry codes too:
`syntax`, `duplicate`, `reserved`, `unknown`, `weights`, `shape`, `scale-value`,
`input-type`, `range`, `effective`, `expression`, `predicate`, `grade`, `cycle`,
`extends` and `chain` (see [errors.md](errors.md)).

## Silencing a warning

A comment `# zona: ignore[CODE]` at the end of the line a warning starts on, or alone on
the line right above it, silences that warning. Write the code (`W101`) or the name
(`unused-input`), several separated by commas, and say why after the brackets:

```zona
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
scale lama { A = 1, B = 0 }  # zona: ignore[W102] kept for the 2014 answer sheets
# zona: ignore[unused-input, duplicate-text] the workbook asks it; no formula reads it
input q104 "Jumlah pelanggaran" { count }
question q1 { weight 10  scale ya_tidak }
```

Only warnings can be silenced, never errors. A code that names no warning is itself a
warning (W001).

## The warnings

| code | name | what |
|---|---|---|
""" + "\n".join(f"| {c.code} | `{c.name}` | {c.summary} |" for c in CODES) + """

The claims of W2xx and W302 are proven, never guessed: zona computes what every score,
input, derived value and fact can be, by exact interval arithmetic over the ruleset (and
[bounds](analysis.md) with every answer unknown, for the highest score of each node),
and warns only when the interval decides the matter for **every** answer sheet and every
value of the facts. A condition on a fact that is not given stays undecided when scoring;
"always holds" means "holds for every value the fact can be given". Where weights depend
on facts, a warning is given only when it holds for every combination of them.
""")

entry("W001", """
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
question q1 { weight 10  scale ya_tidak }  # zona: ignore[unused-inputs]
""", "Fix the code or name: the catalogue above lists them.")

entry("W101", """
ruleset "demo" { }
input n_agen "Jumlah agen perubahan" { count }
input n_sanksi "Jumlah pelanggaran yang diberi sanksi" { count }
item agen { weight 10  score = min(10, n_agen) }
""", """
The answer to the input is asked for and then ignored. Remove the input, or use it in a
`score =`. An input read only by a derived value that nothing uses is unused too (the
message names that value). If the regulation's sheet asks it without scoring it, keep
it and silence the warning, saying so.""")

entry("W102", """
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
scale abcd { A = 1, B = 0.67, C = 0.33, D = 0 }
question q1 { weight 10  scale ya_tidak }
""", "Remove the scale, or give it to the question that should use it.")

entry("W103", """
ruleset "demo" { }
fact kkn_case "Ada kasus KKN" yesno
item fixed { weight 10  score = 10 }
predicate WBK { require fixed >= 5 }
""", """
A fact is given when scoring but changes nothing. Use it (`require fact kkn_case == no`),
or remove it.""")

entry("W104", """
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
group pem { weight 4  question p1 { scale ya_tidak } }
group ref { weight 4  question r1 { scale ya_tidak } }
view gabungan = pem + ref
""", """
No predicate, grade or expression reads the view (a view group counts as used when any
of its member views is). A view is still shown in the result; if that is what it is
for, silence the warning with `# zona: ignore[unused-view]`.""")

entry("W105", """
ruleset "demo" { }
input n_lapor { count }
input n_wajib { count }
derived selisih = n_wajib - n_lapor
item lapor { weight 10  score = 10 * min(1, divide(n_lapor, n_wajib, 1)) }
""", "Remove the derived value, or use it where it was meant to be used.")

entry("W201", """
ruleset "demo" { }
fact tlhp number 0..100
input n_agen { count }
item agen { weight 10  score = if n_agen >= 0 then min(10, n_agen) else 0 }
predicate WBK {
    require agen >= 0
    require agen >= 5 and fact tlhp <= 100
}
""", """
A `require` line, a part of an `and`, a level's `when` or the test of an `if` that
holds whatever the answers: a score is never below 0, a share never above 100%, a count
never below 0, a fact within its declared range. Usually a threshold is wrong (`>= 0`
for `>= 60`) or a comparison is turned round. A level's `when` that always holds leaves
the level to its band, or (without a band) makes every level below it unreachable.""")

entry("W202", """
ruleset "demo" { }
input indeks { decimal 0..4 }
item ipak { weight 10  score = if indeks > 4 then 10 else min(9, indeks * 2.5) }
predicate WBK { require share(ipak) >= 60% or ipak > 9 }
""", """
A condition that can never hold: a part of an `or` that never helps, or an `if` whose
`then` branch is never taken. (Thresholds above a node's maximum are errors; this
catches those above the highest score the node's formula can give.)""")

entry("W203", """
ruleset "demo" { maximum 100 }
input indeks { decimal 0..4 }
item survei { weight 100  score = min(90, indeks * 25) }
grade predikat by total {
    level C 0 .. 60
    level B > 60 .. 90
    level A > 90 .. 100
}
""", """
No unit can get the level: its band starts above every value the grade reads, its
`when` never holds, or a level above it always holds. Check the band and the `when`, and
the scores they read.""")

entry("W204", """
ruleset "demo" { }
input indeks { decimal 0..4 }
item survei { weight 10  score = min(8, indeks * 2.5) }
predicate WBK { require survei >= 9 }
predicate WBBM { require predicate WBK }
""", """
A `require` line never holds, so no unit passes the predicate (nor any predicate that
requires it). Check the threshold against what the node can score.""")

entry("W205", """
ruleset "demo" { }
input n { count }
item tetap { weight 1  score = if n > 3 then 1 else 1 }
""", "The test changes nothing: write the branch alone, or fix the branch that is wrong.")

entry("W301", """
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
area mp {
    weight 10
    subarea a { weight 3.33  question q1 { scale ya_tidak } }
    subarea b { weight 3.33  question q2 { scale ya_tidak } }
    subarea c { weight 3.34  question q3 { scale ya_tidak } }
}
""", """
The weights add up exactly (so no error), but only because one was rounded the other
way: each is the parent's weight divided equally, rounded to the decimals written, and
they are not all equal, so `c` counts a little more than `a` and `b`. For equal shares
leave the children's weights out (the parent then takes their mean, exactly a third
each); under `aggregate weighted`, give each child the same weight. If the regulation
gives these very weights, keep them and silence the warning.""")

entry("W302", """
ruleset "demo" { }
input n_ubah { count }
input n_agen { count }
item agen { weight 1  score = min(0.9, divide(n_ubah, n_agen, 0)) }
""", """
The item's formula (or a question's scale) can never give its full weight, so no unit
gets full marks there, nor in the nodes above it. Fix the formula's cap or the weight.""")

entry("W401", """
ruleset "demo" { }
scale ya_tidak { Ya = 1, Tidak = 0 }
group tim {
    weight 10
    question q1 "Tim telah dibentuk" { scale ya_tidak }
    question q2 "Tim telah  Dibentuk" { scale ya_tidak }
}
""", """
Two questions (or inputs) with one text, compared ignoring case and spacing: usually a
copy whose text was not edited. Reword one; if the regulation really asks the same thing
twice, silence the warning and say so.""")

entry("W402", """
ruleset "demo" { }
item fixed { weight 10  score = 8 }
predicate WBK {
    require fixed >= 7.5
    require fixed >= 7.5
}
""", "Remove one of the two lines, or fix the one that should say something else.")

md("""
## W5xx: advice

What `zona gap` (and the report's plans, and sensitivity) may propose; see
[How a plan may change an input](language.md#how-a-plan-may-change-an-input-change-and-measured).
""")

entry("W501", """
ruleset "demo" { }
input wajib "Jumlah pengaduan yang harus ditindaklanjuti" { count }
input selesai "Jumlah pengaduan yang selesai ditindaklanjuti" { count }
item tindak { score = min(1, divide(selesai, wajib, 1)) }
""", "Say how a plan may change the count: `change up` for an obligation (a plan then never "
     "proposes reporting fewer), `change free` when a lower count is a real improvement. A "
     "`change` on a node around it or in the header counts too.")


def main():
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    missing = {c.code for c in CODES} - {line.split()[1] for line in out
                                          if line.startswith("### ")}
    problems.extend(f"{code}: no example" for code in sorted(missing))
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print(" -", p)
        sys.exit(1)
    print("ok")


main()
