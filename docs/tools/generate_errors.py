"""Generate docs/errors.md: every example is compiled and its real output pasted in.

    python docs/tools/generate_errors.py docs/errors.md

tests/test_docs.py runs it and fails when docs/errors.md is out of date.
"""
import os
import sys
import tempfile
import textwrap

import zona
from zona.i18n import set_language

set_language("en")  # the reference is English; `zona --lang id` shows the same in Indonesian
NAME = "demo.zona"
out = []
problems = []


def md(text):
    out.append(textwrap.dedent(text).strip("\n") + "\n")


def render(src, name=NAME):
    try:
        zona.loads(src, name)
    except zona.ZonaError as e:
        return e
    return None


def entry(title, src, expect, advice, count=1, lang="zona"):
    src = textwrap.dedent(src).strip("\n") + "\n"
    src = src.replace('{ }\n\n', '{ }\n').replace('Tidak = 0 }\n\n', 'Tidak = 0 }\n')
    e = render(src)
    if e is None:
        problems.append(f"{title}: compiled without error")
        text = "(no error)"
    else:
        text = str(e)
        if expect not in text:
            problems.append(f"{title}: expected {expect!r} in\n{text}")
        n = len(getattr(e, "diagnostics", (None,)))
        if count is not None and n != count:
            problems.append(f"{title}: {n} diagnostics, expected {count}:\n{text}")
    out.append(f"### {title}\n\n```{lang}\n{src}```\n\n```text\n{text}\n```\n\n"
               f"{textwrap.dedent(advice).strip()}\n")


def files_entry(title, files, main, expect, advice):
    with tempfile.TemporaryDirectory() as d:
        for fname, text in files.items():
            with open(os.path.join(d, fname), "w") as f:
                f.write(textwrap.dedent(text).strip("\n") + "\n")
        cwd = os.getcwd()
        os.chdir(d)
        try:
            zona.load(main)
            text = "(no error)"
            problems.append(f"{title}: compiled without error")
        except zona.ZonaError as e:
            text = str(e)
        finally:
            os.chdir(cwd)
    if expect not in text:
        problems.append(f"{title}: expected {expect!r} in\n{text}")
    shown = "".join(f"`{fname}`:\n\n```zona\n{textwrap.dedent(t).strip(chr(10))}\n```\n\n"
                    for fname, t in files.items())
    out.append(f"### {title}\n\n{shown}`zona.load('{main}')` raises:\n\n```text\n{text}\n```\n\n"
               f"{textwrap.dedent(advice).strip()}\n")


H = 'ruleset "demo" { }\n'
YT = 'scale ya_tidak { Ya = 1, Tidak = 0 }\n'

md("""
# zona error catalogue

Every message zona can print about a ruleset, an answer sheet or a scoring run, with an
example that produces it and what to do. The outputs below are real: each example was
compiled (as `demo.zona`) and its message pasted in. The language is described in
[language.md](language.md).

Contents: [How errors are reported](#how-errors-are-reported) ·
[Syntax](#syntax-errors) · [Names](#names) · [Weights](#weights) ·
[Shapes](#shapes-of-declarations) · [Expressions](#expressions) ·
[Predicates](#predicates) · [Grades](#grades) · [Header](#header) ·
[Amendments](#amendments-and-extends) · [Chaining](#chaining) ·
[Files](#files-and-the-command-line) · [Answer errors](#answer-errors) · [Evaluation errors](#evaluation-errors)

## How errors are reported

Every error is a `zona.ZonaError`. Problems in a ruleset are printed in one format:

```text
FILE:LINE:COLUMN: error: MESSAGE[. HINT]
  LINE | the source line
       |      ^^^^ under the offending text
```

- **Syntax errors stop at the first.** A file that cannot be read as zona raises
  `zona.ZonaSyntaxError` with one diagnostic (`.diagnostic`), because what follows a
  syntax error cannot be trusted.
- **Semantic checks are all collected.** A file that parses but breaks the language's
  rules raises `zona.ZonaCompileError` whose `.diagnostics` lists every problem found, in
  source order. When printed, the first 50 are shown, followed by `... and N more`.
- `zona.check(text, name)` returns the same diagnostics as a list instead of raising;
  `zona check FILE...` prints them and exits with status 1.
- A `Diagnostic` carries `message`, `span` (`line`, `column`, `end_line`, `end_column`,
  and `file` when the problem is in a ruleset this one extends), `hint`, `severity` and a
  `code`: `syntax`, `duplicate`, `reserved`, `unknown`, `weights`, `shape`,
  `scale-value`, `input-type`, `range`, `effective`, `expression`, `predicate`, `grade`,
  `cycle`, `extends` or `chain`. These codes are stable.
- Besides errors, `zona check` reports **warnings** (a ruleset that compiles but has an
  input nothing reads, a condition that always holds, ...), each with a code such as
  `W101`: see the [warning catalogue](warnings.md).

Answer sheets have their own error, `ZonaAnswerError`, which also lists every problem
([below](#answer-errors)); a ruleset that computes an impossible score raises
`ZonaEvaluationError` ([below](#evaluation-errors)).

## Syntax errors

Syntax errors name what was found and what the grammar accepts at that point, in the
language's own words (`a name`, `a quoted text`, `'}'`). When more than eight things are
acceptable, the first eight are listed, then `...`.
""")

entry("Unexpected word or symbol", H + """
item fixed {
    wieght 2
    score = 1
}""", "unexpected name 'wieght'", """
A member is misspelt or not allowed here. Compare with the list of members in
[language.md](language.md#members); here, `weight`.""")

entry("A brace never closed", H + """
item fixed {
    score = 1
""", "is never closed", """
A block is not closed. The caret is at the `{` that has no `}`: zona finds it from the
indentation (the first block whose `}` is indented as an outer block's), or else takes the
innermost block still open, and says where the parser noticed (the end of the file, or a
declaration such as `predicate` that cannot stand inside the block). Add the `}`.""")

entry("Unexpected character", H + """
item fixed { score = 60 ^ 2 }""", "unexpected character '^'", """
A character that has no place in zona here: `;`, `^`, `%` after a space (a percentage is
written `60%`), `.5` (write `0.5`). The "expected" list of a character error is generous:
it names every word the parser's current state can read, some of which may not fit.""")

entry("Unterminated text", H + """
item fixed "Tim dibentuk { score = 1 }""", "unterminated text", """
A quoted text must close with `"` on the same line. Close it, or use `\"\"\"...\"\"\"` for a
text over several lines.""")

entry("Unknown escape", 'ruleset "demo" { note "C:\\data\\lke" }', "unknown escape", """
Inside `"..."` only `\\"`, `\\\\`, `\\n` and `\\t` are escapes. Double the backslash
(`"C:\\\\data\\\\lke"`), or use a triple-quoted text, where backslashes are kept as
typed.""")

entry("Invalid date", 'ruleset "demo" { effective 2021-02-30 .. }', "is not a valid date", """
Dates are `YYYY-MM-DD` and must exist.""")

entry("A negative number where a number is expected",
      H + "item fixed { weight -1  score = 0 }", "a weight cannot be negative", """
Weights, scale values, `maximum` and thresholds are written without a sign. (Ranges,
`decimal -1..1` and `number -5..5`, may have negative bounds, and expressions have unary
minus.)""")

md("""
Some slips are so common that zona names them and says what to write instead, rather than
listing what the grammar accepts. Each is in the invalid corpus
(`tests/data/invalid/syntax_*.zona`) with its exact message; the next entries show a few.
""")

entry("A weight written as a percentage", H + "item fixed { weight 25%  score = 0 }",
      "a weight is a plain number", """
Weights are points, not percentages: the children's weights add up to their parent's
weight (and the top-level ones to `maximum`). Write `weight 25`.""")

entry("A decimal comma", H + "item fixed { weight 2,5  score = 0 }", "decimal comma", """
zona writes decimals with a point, `2.5`; a comma separates options and arguments. In a
scale, `B = 0,5, C = 0` would read as an option `5`, so it is reported the same way.""")

entry("'=' where a comparison is meant", H + "predicate P { require total = 75 }",
      "'=' alone is not a comparison", """
`=` gives a value (`score = ...`, `Ya = 1`); comparisons are `==`, `!=`, `>=`, `>`, `<=`
and `<`. `=>`, `=<`, `<>`, `≥`, `&&`, `||` and `!` are named the same way, with the word to
write instead.""")

entry("A fact where a threshold is expected", H + """
fact target number 0..100
predicate P { require total >= fact target }""", "a threshold is a constant", """
A predicate's condition compares one score, share, fact or grade with a constant. A fact,
a grade or a predicate written where it cannot stand (a threshold, `share(...)`, a view's
parts, an expression) is named with what is allowed there.""")

entry("A predicate used in an expression", H + """
predicate P { require total >= 75 }
derived bonus = if predicate P then 1 else 0""", "an expression cannot use", """
Expressions compute scores, and predicates are verdicts on the scores, so a score cannot
depend on one. Use the predicate in another predicate (`require predicate P`), or write
its condition in the expression.""")

entry("Arithmetic in a condition", H + """
item a { weight 50  score = 50 }
item b { weight 50  score = 50 }
predicate P { require a + b >= 80 }""", "cannot be used in a condition", """
A condition compares a single value with a constant. Add nodes up in a view
(`view ab = a + b`) and compare the view: `require ab >= 80`. A function
(`round(total, 2) >= 75`) is refused the same way; decide on a rounded value with a grade
(`grade g by round(total, 2)`).""")

entry("A date written day first", 'ruleset "demo" { effective 01-01-2024 .. }',
      "dates are written year first", """
Dates are `YYYY-MM-DD`. A range is written with two dots, `0..4` (not `0-4`, `0 to 4` or
`0...4`).""")

entry("Typographic quotes", H + "item fixed \u201cTim dibentuk\u201d { score = 1 }",
      "typographic quote", """
Word processors turn `"` into `“ ”`; zona reads only plain double quotes (and single
quotes are not quotes either). Edit rulesets in a plain-text editor.""")

entry("A keyword with letters glued to it", H + "predicate P { requirement >= 75 }",
      "is not a keyword", """
The keyword is recognised first and the rest would be read as a name (`require ment`):
zona reports the whole word instead.""")

md("""
### Nested too deeply

A ruleset whose expressions or conditions are nested thousands of levels deep (for
example tens of thousands of `-` or `not` in a row) cannot be read:

```text
demo.zona:1:1: error: the ruleset is nested too deeply to read
  1 | ruleset "demo" { }
    | ^
```

No real ruleset comes near the limit; split the expression with `derived` values.
""")

md("""
## Names
""")

entry("Duplicate id", H + """
scale nilai { A = 1, B = 0 }
input nilai "Nilai survei" { decimal 0..4 }""", "duplicate id 'nilai'", """
Ids are global: nodes, inputs, derived values, scales, facts, views and predicates share
one namespace. Rename one of them.""")

entry("`total` is reserved", H + "item total { score = 1 }", "is reserved", """
`total` is the implicit root of the tree. Choose another id.""")

entry("Unknown scale", H + """
scale abcd { A = 1, B = 0.67, C = 0.33, D = 0 }
question q2 { scale ABCD }""", "unknown scale 'ABCD'", """
The scale is not declared (names are case-sensitive). The hint names the closest
declared scale when there is one. The same message is given for `input x { scale ... }`.""")

entry("Unknown name in an expression", H + """
input n_agen { count }
item agen { score = min(1, divide(n_ubah, n_agen, 0)) }""", "unknown name 'n_ubah'", """
An expression names something that is not declared. Declare it (an `input` or a
`derived` value) or fix the spelling; the hint suggests a close input, derived value or
node.""")

entry("Something that is not a value in an expression", H + YT + """
item fixed { score = min(1, ya_tidak) }""", "is a scale", """
Expressions can use inputs, derived values and nodes. Scales, facts, views and predicates
are not values (`'x' is a fact`, `'x' is a view`, `'x' is a predicate` read the same way):
facts and views are for predicates.""")

entry("Unknown function", H + """
input x { count }
input y { count }
item fixed { score = min(1, mx(x, y)) }""", "unknown function 'mx'", """
The functions are `min`, `max` and `divide`. Without a close match the hint says so:
`unknown function 'avg'. The functions are min, max and divide.`""")

entry("Unknown node in a view", H + """
item a { score = 1 }
view v "Gabungan" = a + b""", "unknown node 'b'", """
A view sums nodes; the part is not a node. Note that a view sum cannot name another view:
group views with `view ID { view ... }` instead.""")

entry("Unknown node or view in a predicate", H + """
item ipak { weight 17.5  score = 17.5 }
predicate WBK { require ipk >= 15.75 }""", "unknown node or view 'ipk'", """
A `require` compares the score or share of a node, a view or `total`. Fix the id.""")

entry("Unknown fact", H + """
fact prior_predicate levels { none, WBK, WBBM }
predicate WBBM { require fact prior >= WBK }""", "unknown fact 'prior'", """
Declare the fact with `fact ID TYPE`, or fix the id.""")

entry("Unknown predicate", H + """
predicate WBK { }
predicate WBBM { require predicate WKB }""", "unknown predicate 'WKB'", """
Fix the predicate's id.""")

entry("Unknown level", H + """
fact prior_predicate levels { none, WBK, WBBM }
predicate WBBM { require fact prior_predicate >= wbk }""", "is not a level of fact", """
Levels are case-sensitive and must be one of those declared.""")

entry("Not a group with children", H + """
item ipak { score = 1 }
predicate P { require every child of ipak: share >= 60% }""", "is not a node or view with children", """
`every child of ID` needs a node with children, `total`, or a view group
(`view ID { view ... }`). A view sum (`view ID = a + b`) has no children.""")

entry("Cycle", H + """
derived a = b + 1
derived b = a * 2""", "cycle: a -> b -> a", """
Derived values, node scores and predicates may not depend on themselves, directly or
through others. A node's score also depends on its children, so an item cannot use the
score of a node that contains it. Break the cycle.""")

md("""
## Weights
""")

entry("Top-level weights do not add up to the maximum", """
ruleset "demo" { maximum 100 }
component pengungkit { weight 60  item a { weight 60  score = 60 } }
component hasil { weight 30  item b { weight 30  score = 30 } }""",
      "the top-level weights sum to 90", """
The header's `maximum` is checked against the sum of the top-level nodes' maxima (a node
without a weight counts 1). Fix a weight or the maximum.""")

entry("Children's weights do not add up to the parent's weight", H + """
area mp {
    weight 8
    item a { weight 3  score = 3 }
    item b { weight 4  score = 4 }
}""", "sum to 7, not its weight 8", """
In a sum, the children's weights must add up exactly to the parent's maximum (its weight,
or 1 without one). The caret points at the parent's weight.""")

entry("Some children weighted, some not", H + """
area mp {
    weight 2
    item a { weight 1  score = 1 }
    item b { score = 1 }
}""", "some children of 'mp' have weights and some do not", """
Without `aggregate`, a node sums its children when all have weights and takes their mean
when none has. Give every child a weight, or remove them all (a mean).""")

entry("A weight under a mean", H + """
subarea tim {
    weight 10
    aggregate mean
    item a { weight 1  score = 1 }
    item b { score = 1 }
}""", "so the weight would be ignored", """
In a mean every child counts equally, so a weight on a child would be ignored. Remove it,
or use `aggregate sum` and weight every child.""")

entry("A missing weight under a sum", H + """
subarea tim {
    weight 2
    aggregate sum
    item a { weight 1  score = 1 }
    item b { score = 1 }
}""", "'b' needs a weight", """
Give the child a weight, or use `aggregate mean`.""")

entry("Weight zero", H + "item a { weight 0  score = 0 }", "must be above 0", """
Weights are above 0. Remove a node that should not count.""")

entry("A missing weight under a weighted mean", H + """
scale tingkat range 1..5 { 1, 2, 3, 4, 5 }
group kebijakan {
    weight 5
    aggregate weighted
    question i1 { weight 1.3  scale tingkat }
    question i2 { scale tingkat }
}""", "takes the weighted mean of its children", """
Every child of a weighted mean needs a (relative) weight.""")

entry("Weights that depend on facts and do not add up for some value", """
ruleset "demo" { maximum 100 }
fact instansi levels { pemda, kementerian }
scale yt { Y = 1, T = 0 }
component tata_kelola {
    weight = if fact instansi == pemda then 60 else 40
    question t1 { weight = if fact instansi == pemda then 30 else 20  scale yt }
    question t2 { weight = if fact instansi == pemda then 30 else 25  scale yt }
}
component layanan {
    weight = if fact instansi == pemda then 40 else 60
    question l1 { weight = if fact instansi == pemda then 40 else 60  scale yt }
}""", "(when instansi is kementerian)", """
Every check on weights runs for every combination of the facts the weights read; the
message says in which combinations the problem occurs.""")

entry("A weight that depends on a number fact or an answer", H + """
fact faktor number 0..2
input n_unit { count }
scale yt { Y = 1, T = 0 }
question q1 { weight = fact faktor * 10  scale yt }
question q2 { weight = n_unit + 1  scale yt }""", "can depend only on levels and yes/no facts",
      """
A weight may read `levels` and `yesno` facts (and numbers), so that the compiler can check
it for every value.""", count=2)

entry("Too many combinations of facts", H + """
fact instansi levels { a, b, c, d }
fact wilayah levels { w1, w2, w3, w4 }
fact jenis levels { j1, j2, j3, j4, j5, j6 }
scale yt { Y = 1, T = 0 }
question t1 {
    weight = if fact instansi == a and fact wilayah == w1 and fact jenis == j1 then 2 else 1
    scale yt
}""", "at most 64 are checked", """
Weights may depend on at most 64 combinations of fact values.""")

md("""
## Shapes of declarations
""")

entry("A leaf with children", H + YT + """
question q1 {
    scale ya_tidak
    item detail { score = 1 }
}""", "cannot contain other nodes", """
Questions and items are leaves. Make the parent a `group` (or `subarea`, ...), or move the
child out.""")

entry("A question without a scale", H + "question q1 { soal 1 }", "needs a scale", """
Add `scale NAME`.""")

entry("A question with a score or an aggregation", H + YT + """
question q1 { scale ya_tidak  score = 1 }""", "is scored by its scale", """
A question's score is its answer's value × its maximum. For a computed score use an
`item`.""")

entry("A scale on something else", H + YT + """
group g {
    scale ya_tidak
    item a { score = 1 }
}""", "only a question or an input takes a scale", """
Only questions and inputs are answered on a scale.""")

entry("A soal number on something else", H + "item a { soal 7  score = 1 }",
      "only a question or an input has a soal number", """
`soal` numbers identify PortalRB questions: put them on the question or input that is
answered.""")

entry("An item without a score", H + 'item a "Persentase" { weight 1 }', "needs a score", """
Add `score = EXPRESSION`, or make it a `question` with a scale.""")

entry("An empty inner node", H + 'subarea kosong "Belum diisi" { weight 2 }',
      "has no children and no score", """
Give it children or a `score =`.""")

entry("Both aggregate and score", H + """
group g {
    aggregate sum
    score = 1
    item a { weight 1  score = 1 }
}""", "has both 'aggregate' and 'score'", """
A node is scored by its children (`aggregate`) or by an expression (`score =`), not
both.""")

entry("Given twice", H + """
item a {
    weight 1
    weight 2
    score = 1
}""", "'weight' is given twice for 'a'", """
`weight`, `aggregate`, `score`, `scale`, `soal` and `missing` may be given once per
node (`soal` once per input), and `label`, `label en`, `criteria` and `criteria en` once
per node or input. The Indonesian label after the id counts as `label`, so
`item a "Label" { label "Other" ... }` gives `'label' is given twice for 'a'`; for a
second language write `label en`.""")

entry("A soal number used twice", H + YT + """
question q1 { scale ya_tidak  soal 1 }
question q2 { scale ya_tidak  soal 1 }""", "soal 1 is given to both 'q1' and 'q2'", """
Soal numbers are unique across the ruleset.""")

entry("An input without a type", H + 'input n "Jumlah" { soal 3 }', "needs a type", """
Give exactly one of `count`, `decimal LOW..HIGH` or `scale NAME`.""")

entry("An input with two types", H + "input n { count  decimal 0..4 }", "more than one type", """
Keep one type.""")

entry("An empty range", H + "input ipak { decimal 4..0 }", "the range of 'ipak' is empty", """
Write the lower bound first, and make it smaller than the upper bound.""")

entry("An empty fact range", H + "fact tlhp number 100..0", "the range of fact 'tlhp' is empty", """
As for inputs: `number LOW..HIGH` with `LOW` below `HIGH`.""")

entry("A level listed twice", H + "fact prior levels { none, WBK, WBK }", "lists a level twice", """
Each level once, lowest first.""")

entry("An option listed twice", H + "scale ya_tidak { Ya = 1, Tidak = 0, Ya = 0.5 }",
      "lists option 'Ya' twice", """
Each option name once per scale.""")

entry("A scale value above 1", H + "scale nilai { A = 4, B = 3, C = 2, D = 1 }",
      "scale values lie in 0..1", """
Scale values are the share of the question's maximum an option earns, from 0 to 1. Divide
by the best value (`A = 1, B = 0.75, ...`) and put the points in the question's
`weight`, or give the scale its range (`range 0..4`): a question's share is then its
value / 4.""", count=3)

entry("An option outside the scale's range", H + """
scale tingkat "Tingkat kematangan" range 1..5 { 1, 2, 3, 4, 5, 6 }""",
      "outside its range 1..5", """
A scale's options lie in its range; the range's top is the full mark.""")

entry("An empty or negative scale range", H + "scale tingkat range 5..1 { 1, 2, 3 }",
      "is empty: 5..1", """
Write the range lowest first, from 0 or above: `range 1..5`.""")

entry("A scale with only `na`", H + 'scale x { TR = na "Tidak relevan" }',
      "has no option with a value", """
A scale needs at least one option with a value besides the not-applicable ones.""")

entry("A view that groups nothing", H + 'view areas "Area" { label en "Areas" }',
      "groups nothing", """
A view group needs at least one member view.""")

md("""
## Expressions
""")

entry("A condition where a number is needed", H + """
input x { count }
item a { score = x > 0 }""", "this is a condition (true/false), but a number is needed here", """
A score or derived value is a number. Write `if x > 0 then 1 else 0`. The same message is
given for a condition used as an operand of `+ - * /`, of a comparison, or as an argument
of `min`, `max` or `divide`.""")

entry("A number where a condition is needed", H + """
input x { count }
item a { score = if x then 1 else 0 }""", "this is a number, but a condition (true/false) is needed here", """
The test of `if` and the operands of `and`, `or` and `not` are conditions: write
`if x > 0 then ...`.""")

entry("Branches of different kinds", H + """
input x { count }
derived d = if x > 0 then 1 else x > 1""", "both branches of 'if' must be numbers, or both conditions", """
Both branches must be numbers (or both conditions). An `if` whose branches are conditions
is reported a second time where a number is needed (`this is a condition ...`).""",
      count=None)

entry("Division by something that can be 0", H + """
input q88 { count }
input q89 { count }
item agen { score = min(1, q89 / q88) }""", "which can be 0", """
`/` is allowed only when the denominator is written as a non-zero number (`x / 4`,
`x / 50%`). Otherwise say what a zero denominator means with `divide(a, b, r)`: a / b, or r
when b is 0. This includes constant expressions: `x / (2 * 2)` is reported too; write
`x / 4`.""")

entry("Division by zero", H + """
input x { count }
derived d = x / 0""", "division by zero", """
The denominator is the number 0.""")

entry("divide with the wrong number of values", H + """
input a { count }
input b { count }
derived d = divide(a, b)""", "divide takes 3 values", """
Add the third value: what the division means when the denominator is 0.""")

entry("min or max with one value", H + """
input a { count }
derived d = min(a)""", "min needs at least two values", """
`min` and `max` compare two or more values; usually `min(1, ...)` is meant.""")

entry("round, floor or ceil with the wrong number of values", H + """
item skor { weight 100  score = 67.6875 }
derived nilai = round(skor, 2, half_up, 4)""", "round takes a value, a number of decimals", """
`round(x)`, `round(x, n)` or `round(x, n, MODE)`; `floor` and `ceil` take `x` and,
optionally, `n` (`floor takes a value and a number of decimals (optional), not 3
values`).""")

entry("A number of decimals that is not a whole number", H + """
item skor { weight 100  score = 67.6875 }
derived nilai = round(skor, 1.5)""", "the number of decimals must be a whole number", """
The number of decimals is written as a whole number (`2`, or `-1` for tens); it cannot
be computed.""")

entry("An unknown rounding mode", H + """
item skor { weight 100  score = 67.6875 }
derived nilai = round(skor, 2, half_upp)""", "unknown rounding mode 'half_upp'", """
The modes are `half_up` (halves away from zero, the default, as Excel's ROUND),
`half_even` (banker's rounding) and `half_down` (halves toward zero).""")

entry("A fact named without `fact`", H + """
fact instansi levels { pemda, kementerian }
item a { score = if instansi == pemda then 1 else 0 }""", "write `fact instansi`", """
Facts are read with `fact ID` in expressions, as in conditions.""")

entry("A levels fact used as a number", H + """
fact instansi levels { pemda, kementerian }
item a { score = min(1, fact instansi) }""", "compare it with one of them", """
A levels fact has no number: compare it with one of its levels.""")

entry("Not a level of the fact", H + """
fact instansi levels { pemda, kementerian }
item a { score = if fact instansi == pemdaa then 1 else 0 }""", "is not a level of fact", """
The level after a levels fact must be one of its levels.""")

entry("A yes/no fact compared in an expression", H + """
fact kkn_case yesno
item a { score = if fact kkn_case == 1 then 0 else 1 }""", "is a condition itself", """
A yes/no fact is a condition: `if fact kkn_case then ...`, `not fact kkn_case`.""")

entry("share() of something that has no share", H + """
input n_agen { count }
item a { score = min(1, share(n_agen)) }""", "share() takes a node, a view or total", """
Only nodes, views and `total` have a maximum, and so a share.""")

md("""
## Predicates
""")

entry("A percentage compared with a score", H + """
group pengungkit { weight 60  item a { weight 60  score = 60 } }
predicate WBK { require pengungkit >= 60% }""", "a percentage compares a share", """
A percentage is a share of the maximum: write `share(pengungkit) >= 60%`, or compare the
score with points (`pengungkit >= 36`).""")

entry("A share compared with a number above 1", H + """
group pengungkit { weight 60  item a { weight 60  score = 60 } }
predicate WBK { require share(pengungkit) >= 60 }""", "a share lies in 0..1", """
A share is 0..1: write `60%` or `0.6`.""")

entry("A score compared with a level or yes/no", H + """
item ipak { weight 17.5  score = 17.5 }
predicate WBK { require ipak >= WBK }""", "so it compares with a number", """
Scores and shares compare with numbers (and shares with percentages). Levels and
`yes`/`no` are for facts: `require fact prior_predicate >= WBK`.""")

entry("A threshold that can never be met", H + """
item ipak { weight 17.5  score = 17.5 }
predicate WBK { require ipak >= 20 }""", "it can never be met", """
The threshold is above the highest score the node or view can reach (for `>`, at or
above it), or a share threshold above 100%. For `every child of`, the limit is the
smallest maximum among the children (the message names the group). Check the weight and
the threshold.""")

entry("A levels fact compared with something else", H + """
fact prior_predicate levels { none, WBK, WBBM }
predicate WBBM { require fact prior_predicate >= 1 }""", "compare it with one of them", """
Compare a `levels` fact with one of its levels.""")

entry("A yes/no fact compared wrongly", H + """
fact kkn_case yesno
predicate WBK { require fact kkn_case != 1 }""", "is yes or no", """
A `yesno` fact supports only `== yes`, `== no`, `!= yes` and `!= no`.""")

entry("A number fact compared with a level or percentage", H + """
fact tlhp number 0..100
predicate WBK { require fact tlhp >= 100% }""", "is a number; compare it with a number", """
A `number` fact compares with a number in its own unit: `fact tlhp >= 100`.""")

entry("A number fact's threshold out of range", H + """
fact tlhp number 0..100
predicate WBK { require fact tlhp >= 101 }""", "above the highest value of fact", """
The threshold is above the fact's declared range.""")

entry("`every KIND under` with nothing of that kind", H + YT + """
area mp { weight 3  subarea tim { weight 3  question q1 { scale ya_tidak } } }
predicate P { require every item under mp: share >= 50% }""", "there is no item under 'mp'", """
`every KIND under ID` needs at least one node of that kind below `ID` (a node or `total`).""")

entry("`every KIND under` a leaf", H + YT + """
area mp { weight 3  question q1 { weight 3  scale ya_tidak } }
predicate P { require every question under q1: share >= 50% }""", "has nothing under it", """
Name a node with children, or `total`.""")

md("""
## Grades

A grade's levels and bands are checked when the ruleset is compiled; the range of the value
its bands read is found by exact interval arithmetic (see
[language.md](language.md#grades)).
""")

G = H + "item skor { weight 100  score = 67.6875 }"

entry("Too few levels", G + """
grade mutu by skor { level A 0 .. 100 }""", "needs at least two levels", """
A grade orders two levels or more.""")

entry("A level listed twice", G + """
grade predikat by skor {
    level C 0 .. 50
    level B > 50 .. 80
    level B > 80 .. 100
}""", "lists level 'B' twice", """
Each level of a grade has its own name (or number).""")

entry("Numbered and named levels mixed", G + """
grade maturitas {
    level 0 "Belum Ada"
    level 1 when skor >= 25
    level tinggi when skor >= 75
}""", "mixes numbered and named levels", """
Name every level (`D`, `C`, ...) or number every level (`0` .. `5`).""")

entry("Numbered levels out of order", G + """
grade maturitas {
    level 0
    level 3 when skor >= 75
    level 2 when skor >= 50
}""", "list levels lowest first", """
Levels are listed lowest first.""")

entry("A level without a band", G + """
grade predikat by skor {
    level C 0 .. 60
    level B
}""", "needs a band", """
A grade with `by` decides its levels by bands over the value: give every level one.""")

entry("An empty band", G + """
grade predikat by skor {
    level B 0 .. 90
    level A > 90 .. 90
}""", "is empty", """
A band's low end must be below its high end (or equal, with both ends included).""")

entry("The bands start too high", G + """
grade predikat by round(skor, 2) {
    level C 30 .. 50
    level B > 50 .. 100
}""", "have no level", """
The lowest band must start at the least value the grade's value can take (or below it, or
be open: `.. 50`). The same message says when the lowest band excludes that value
(`start above 0 (> 0), but ... can be 0`).""")

entry("The bands end too low", G + """
grade predikat by skor {
    level C 0 .. 50
    level B > 50 .. 90
}""", "can reach 100", """
The top band must reach the greatest value the grade's value can take (or be open:
`> 50 ..`).""")

entry("A value with no upper bound", H + """
input n_unit { count }
grade g by n_unit {
    level sedikit 0 .. 90
    level banyak > 90 .. 1000
}""", "has no upper bound", """
A count (or a number fact without a range) has no greatest value: the top band must be
open.""")

entry("A gap between two bands", G + """
grade predikat by skor {
    level C 0 .. 50
    level CC 55 .. 100
}""", "gap between levels", """
Neighbouring bands must meet. When they meet at a value that neither includes (`.. < 2.6`
and `> 2.6 ..`), the message says which end to change.""")

entry("Overlapping bands", G + """
grade predikat by skor {
    level C 0 .. 50
    level CC 50 .. 100
}""", "overlap: 50 is in both", """
A value must belong to one band only: write `> 50` for the higher band or `< 50` for the
lower one. Bands that overlap over a range say `values 68 .. 70 are in both`.""")

entry("Levels out of order", G + """
grade predikat by skor {
    level B 0 .. 80
    level AA > 90 .. 100
    level A > 80 .. 90
}""", "lies below it", """
List the levels lowest first, so that their bands rise.""")

entry("A level that can never be reached", H + """
input indeks { decimal 0..5 }
grade g by indeks {
    level rendah 0 .. < 3
    level tinggi 3 .. 5
    level X 6 .. 7
}""", "can never be reached", """
The level's band lies above every value the grade's value can take.""")

entry("A band on a grade by rules", G + """
grade status {
    level belum
    level baik 50 .. 100 when skor >= 50
}""", "add `by VALUE` to the grade", """
Bands read a value: give the grade `by EXPRESSION`, or decide the level by its `when`
alone.""")

entry("A higher level without a rule", G + """
predicate WBK { require total >= 75 }
grade zi {
    level none
    level WBK "Menuju WBK"
}""", "needs `when CONDITION`", """
In a grade by rules every level but the lowest needs `when`: the lowest holds when no
other does.""")

entry("A rule on the lowest level", G + """
predicate WBK { require total >= 75 }
grade zi {
    level none when total < 75
    level WBK when predicate WBK
}""", "cannot have `when`", """
The lowest level always holds; drop its `when`.""")

entry("Unknown grade", G + """
grade predikat { level C  level B when skor >= 60 }
predicate LAYAK { require grade predikaat >= B }""", "unknown grade 'predikaat'", """
The grade is not declared; the hint names the closest one.""")

entry("Not a level of the grade", G + """
grade predikat { level C  level B when skor >= 60  level A when skor >= 80 }
predicate LAYAK { require grade predikat >= Bb }""", "is not a level of grade", """
Compare a grade with one of its levels (numbered levels with a number: `grade maturitas
>= 3`). A number for named levels says `grade 'predikat' has levels (C, B, A); compare it
with one of them`.""")

entry("A grade compared as a score", G + """
grade predikat { level C  level B when skor >= 60 }
predicate LAYAK { require predikat >= B }""", "is a grade; write `grade predikat", """
A grade is compared with `grade ID`: `require grade predikat >= B`.""")

entry("A grade that depends on itself", G + """
grade zi {
    level none
    level WBK when predicate WBK
}
predicate WBK { require grade zi >= WBK }""", "cycle:", """
Grades and predicates may use each other, but not in a circle.""")

md("""
## Header
""")

entry("A header attribute given twice", """
ruleset "demo" {
    title "Lembar Kerja Evaluasi"
    title "LKE"
}""", "'title' is given twice in the ruleset header", """
`title` (per language), `regulation`, `effective`, `maximum` and `missing` may be given
once. (`cite`, `note` and `assumed` may repeat.)""")

entry("How a plan may change an answer, given twice", """
ruleset "demo" { }
input q110 "Jumlah pengaduan yang harus ditindaklanjuti" {
    count
    change up
    change down
}
item tindak { score = min(1, divide(1, q110, 0)) }""", "'change' is given twice for 'q110'", """
An input, a question or a node says once how a gap plan may change it, and once whether
it is `measured`; the header once `change`, and each of `measured`, `measured en`,
`numbering`, `numbering en` once. See [How a plan may change an
input](language.md#how-a-plan-may-change-an-input-change-and-measured).""")

entry("An unknown way to change an answer", """
ruleset "demo" { }
input q110 "Jumlah pengaduan yang harus ditindaklanjuti" { count  change increase }
item tindak { score = min(1, divide(1, q110, 0)) }""", "expected how a plan may change it", """
`change` takes `free` (any value, the default), `up` (only higher), `down` (only lower)
or `fixed` (never).""")

entry("An effective period that ends before it starts",
      'ruleset "demo" { effective 2024-01-01 .. 2021-12-31 }', "ends (2021-12-31) before it starts", """
Swap the dates. The end date is inclusive, so a one-day period `2024-01-01 .. 2024-01-01`
is allowed.""")

md("""
## Amendments and extends

A ruleset that `extends` another is merged with its base before it is checked, in three
steps, each of which stops at its own problems: the base is found and compiled (its own
errors are reported against the base file); then the changes are applied (problems with
`amend`, `remove`, `add to` and `move`); then the merged ruleset is checked like any
other, and each problem is shown in the file where the offending line was written, the
base's or this one's.
""")

entry("A change in a ruleset that extends none", H + "remove q5",
      "but this ruleset extends none", """
`amend`, `remove`, `add to` and `move` change a base ruleset. Add `extends "BASE"` to the
header, or declare the ruleset's contents directly.""")

# remaining extends entries are written against files on disk (see main())



def answers_section():
    src = textwrap.dedent("""
        ruleset "demo" { }
        scale ya_tidak "Ya/Tidak" { Ya = 1, Tidak = 0 }
        fact prior_predicate levels { none, WBK, WBBM }
        fact kkn_case yesno
        question q1 { scale ya_tidak }
        subarea wajib { missing error  question q2 { scale ya_tidak } }
        input n_agen { count }
        input ipak_index { decimal 0..4 }
    """).strip("\n") + "\n"
    ruleset = zona.loads(src, NAME)
    answers = {"q1": "Yes", "n_agen": 2.5, "ipak_index": "4.2", "q7": "Ya"}
    facts = {"prior_predicate": "WBK?", "kkn_case": "maybe"}
    try:
        ruleset.score(answers, facts)
        problems.append("answers: no error")
        text = ""
    except zona.ZonaAnswerError as e:
        text = str(e)
    rows = []
    checks = [
        ({"q1": "Yes"}, {}, "is not on the scale"),
        ({"q1": 1}, {}, "is not on the scale"),
        ({"n_agen": 2.5}, {}, "is not a whole number"),
        ({"n_agen": -1}, {}, "is negative"),
        ({"ipak_index": "tiga"}, {}, "is not a number"),
        ({"ipak_index": 4.2}, {}, "is outside 0..4"),
        ({"ipak": 3}, {}, "no question or input has this id"),
        ({}, {"prior": "WBK"}, "no fact has this id"),
        ({}, {"prior_predicate": "WBK?"}, "is not one of"),
        ({}, {"kkn_case": "maybe"}, "is not yes or no"),
    ]
    for ans, fac, expect in checks:
        a = {"q2": "Ya", **ans}
        try:
            ruleset.score(a, fac)
            problems.append(f"answer check {ans} {fac}: no error")
        except zona.ZonaAnswerError as e:
            line = str(e.problems[0])
            if expect not in line:
                problems.append(f"answer check {ans}: {line}")
            rows.append(f"| `{line}` |")
    return src, answers, facts, text, rows


def chaining():
    """Chained facts: what needs no other ruleset, then checks against one beside the file."""
    md("""
    ## Chaining

    A fact may take another ruleset's result (`from "RULESET" grade G`, `score NODE` or
    `share NODE`; see [Chaining](language.md#chaining-a-fact-from-another-rulesets-result)).""")
    entry("A yes/no fact from another ruleset", H + """
fact audit yesno { from "sakip-88-2021" grade predikat }""", "a yes/no fact cannot come", """
A grade gives a level (a `levels` fact) or a level's number (a `number` fact), and a node a
score or share (a `number` fact). Make the fact a levels or number fact.""")
    entry("A levels fact from a score", H + """
fact sakip levels { D, C, B } { from "sakip-88-2021" score total }""",
          "a levels fact comes from a grade", """
A score is a number: take the other ruleset's grade, or make the fact a number.""")
    entry("`from` twice", H + """
fact sakip levels { D, C, B } {
    from "sakip-88-2021" grade predikat
    from "sakip-2024" grade predikat
}""", "'from' is given twice", """
A fact comes from one place. Remove one of them.""")
    source = """
        ruleset "sakip" { maximum 100 }
        scale ae { A = 1, B = 0.5, C = 0 }
        group nilai { weight 100  question q1 { scale ae } }
        grade predikat by nilai { level C 0 .. 50  level B > 50 .. 80  level A > 80 .. 100 }"""
    files_entry("Other levels than the grade's", {"sakip.zona": source, "zi.zona": """
        ruleset "zi" { }
        fact sakip levels { C, B, A, AA } { from "sakip" grade predikat }"""}, "zi.zona",
                "whose levels are C, B, A", """
When the ruleset a `from` names is found (as an `extends` base is: beside the file, else a
built-in ruleset), it is compiled and the fact is checked against it: a levels fact lists
the grade's levels, the same names lowest first. When it is not found nothing is reported,
and the `Result` given when scoring is checked instead.""")
    files_entry("No such grade, node or view", {"sakip.zona": source, "zi.zona": """
        ruleset "zi" { }
        fact sakip levels { C, B, A } { from "sakip" grade predikaat }
        fact nilai number 0..100 { from "sakip" score nilaii }"""}, "zi.zona",
                "has no grade 'predikaat'", """
Name a grade (for `grade`) or a node, view or `total` (for `score` and `share`) of the
other ruleset.""")
    files_entry("A number from named levels, or out of range", {"sakip.zona": source,
                                                                 "zi.zona": """
        ruleset "zi" { }
        fact tingkat number 0..5 { from "sakip" grade predikat }
        fact nilai number 0..50 { from "sakip" score total }"""}, "zi.zona",
                "must be numbered", """
A number fact takes a grade whose levels are all numbered (`level 0`, `level 1`, ...) and
within its range, or a score (0..the node's maximum) or share (0..1) that its range holds.""")
    files_entry("Circular chain", {"a.zona": """
        ruleset "a" { }
        fact b number { from "b" score total }""", "b.zona": """
        ruleset "b" { }
        fact a number { from "a" score total }"""}, "a.zona", "circular chain", """
Two rulesets take facts from each other (or a longer chain closes on itself).""")


def main():
    # extends entries, against files on disk
    base = """
        ruleset "base" { maximum 10 }
        scale ya_tidak { Ya = 1, Tidak = 0 }
        subarea tim "Tim" {
            weight 10
            question q1 { scale ya_tidak }
            question q2 { scale ya_tidak }
        }
        predicate WBK { require total >= 7.5 }"""
    files_entry("Not declared in the base", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        remove q3"""}, "child.zona", "is not declared in the ruleset this one extends", """
`amend`, `remove`, `move` and `add to` name a declaration of the base (or of its own
base). The hint suggests a close name.""")
    files_entry("Amending what cannot be amended", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        amend ya_tidak { label "Ya atau Tidak" }"""}, "child.zona", "cannot be amended", """
Only nodes, inputs and predicates can be amended. Remove the declaration and declare it
again.""")
    files_entry("A member that cannot amend this declaration", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        amend q1 { require total >= 5 }"""}, "child.zona", "cannot amend 'q1'", """
A node can be amended with `weight`, `aggregate`, `score =`, `scale`, `soal`, `missing`
and texts; an input with its type, `soal` and texts; a predicate with `require` lines and
texts. (The message names the member's kind as the compiler calls it, for example
`'counttype' cannot amend 'q1'` for `count`.)""")
    files_entry("Adding to something that is not a group", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        add to ya_tidak { item z { score = 1 } }"""}, "child.zona",
                "is not a node or view group", """
`add to` adds declarations inside a node (or a view group); `add to total` adds top-level
declarations.""")
    files_entry("Moving a node into itself", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        move tim to q1"""}, "child.zona", "into itself", """
The new parent is inside the node being moved.""")
    files_entry("The base cannot be found", {"child.zona": """
        ruleset "child" extends "permenpan-2099" { }"""}, "child.zona",
                "cannot find the ruleset", """
The base is looked for as `NAME.zona` next to the file, then among the built-in
rulesets. Fix the name, or put the base beside the file.""")
    files_entry("Circular extends", {"a.zona": """
        ruleset "a" extends "b" { }""", "b.zona": """
        ruleset "b" extends "a" { }"""}, "a.zona", "circular extends", """
Two rulesets extend each other (or a longer chain closes on itself).""")
    files_entry("A problem inherited from the merge", {"base.zona": base, "child.zona": """
        ruleset "child" extends "base" { }
        remove q2
        amend q1 { weight 5 }"""}, "child.zona", "sum to 5, not its weight 10", """
After the merge, the result is checked like any ruleset. Here `q1` is now the only child
of `tim` and has a weight, so `tim` sums its children, and they no longer add up to its
weight. The problem is reported where it sits in the merged ruleset, here at `tim`'s
weight in the base file. Fix the amendment (here, `weight 10`).""")

    chaining()

    md("""
    ## Files and the command line

    | message | when |
    |---|---|
    | `FILE: cannot read the ruleset: ...` | `zona.load` cannot open the file or it is not UTF-8 (a plain `ZonaError`) |
    | `FILE: error: cannot read: ...` | `zona check` cannot open one of its files (it goes on with the others) |
    | `FILE:LINE:COL: error: cannot read 'PATH': ...` | the base named by `extends` was found but cannot be read (reported on the header) |
    | `no built-in ruleset 'NAME'. Did you mean '...'? (built-in: ...)` | `zona.load_builtin(NAME)` or `--ruleset NAME` names no shipped ruleset |
    | `no built-in ruleset is in force on DATE` | `zona rulesets --on DATE` finds none whose `effective` range holds the date |
    | `--fact 'X': write NAME=VALUE, e.g. prior_predicate=WBK` | a `zona score --fact` without `=` |
    | `--fact-from 'X': write NAME=SHEET or NAME=RULESET:SHEET, e.g. sakip=sakip-unit.json` | a `--fact-from` without `=` |
    | `--fact-from NAME: ruleset 'R' has no fact 'NAME'. Did you mean '...'?` | `--fact-from` names no fact of the ruleset scored |
    | `--fact-from NAME: SHEET: MESSAGE` | the other ruleset's result cannot be the fact's value (the messages of [Chaining](#chaining)) |
    | `--fact and --fact-from both give the fact 'NAME'; give it once` | the same fact twice |
    | `DIR: not a folder of answer sheets` | `zona diff --answers DIR` names no folder |
    """)

    src, answers, facts, text, rows = answers_section()
    md(f"""
## Answer errors

`Ruleset.score(answers, facts)` reads every answer and fact first and raises
`zona.ZonaAnswerError` listing **every** problem at once (the first 50, then
`... and N more`). Its `.problems` are `AnswerProblem(location, message)`: the location
is the input's id, `facts.ID` for a fact, or a place in an answer file (`FILE#/3/soal_id`,
`FILE:LINE:COL`) when the sheet was read by `zona score`. The first line names the sheet
(`answers` from Python, the file's path from the command line).

With this ruleset,

```zona
{src}```

scoring `{answers}` with facts `{facts}` gives:

```text
{text}
```

Each message, one at a time:

| problem |
|---|
""" + "\n".join(rows) + """

What to do: give a choice as one of the option **names** (an exact match, or a
case-insensitive one when only one option matches); a count as a whole number from 0; a
decimal within the input's range; a `levels` fact as one of its levels, spelt exactly; a
`yesno` fact as `True`/`False` or yes/ya/true/y / no/tidak/false/n. To leave something
unanswered, leave it out or give `None` or `""` (except where the policy is `error`).

Reading an answer file (`zona score`) adds:

| location: message | when |
|---|---|
| `FILE:LINE:COL: not valid JSON: ...` | the file is not JSON |
| `FILE: expected a JSON object of answers or a PortalRB list of {soal_id, jawaban_unit}` | the document is neither |
| `FILE#/facts: expected an object` | `"facts"` is not an object |
| `FILE: a PortalRB list needs a ruleset to map soal numbers to questions (--ruleset)` | a PortalRB list read without a ruleset |
| `FILE#/N: expected an object with soal_id and jawaban_unit` | a PortalRB row is malformed |
| `FILE#/N/soal_id: 'X' is not a soal number of RULESET` | the row's soal is not in the ruleset |
| `FILE#/N/soal_id: soal S is answered twice (first at #/M)` | two rows answer one soal |
| `FILE: not UTF-8 text`, `FILE: cannot read: ...`, `FILE: the file is larger than 20 MB; ...` | the file itself |

A fact given another ruleset's `Result` (or `GradeResult`) adds (see
[Chaining](language.md#chaining-a-fact-from-another-rulesets-result)):

| location: message | when |
|---|---|
| `facts.sakip: this is a result of 'spbe-59-2020', but the fact comes from 'sakip-88-2021'` | the fact says `from "sakip-88-2021"` and the result is of another ruleset |
| `facts.sakip: the result of 'spbe-59-2020' has no grade whose levels are D, C, CC, B, BB, A, AA (its grades: ...)` | no `from`, and no grade of the result has the fact's levels |
| `facts.spip: the result of 'R' has no grade with numbered levels within 0..5 (its grades: ...)` | the same for a number fact |
| `facts.f: the result of 'R' has several grades whose levels are ... (a, b); give one of them, ...` | more than one grade fits: give `result.grades["a"]`, or write `from` |
| `facts.nilai: this is grade 'predikat', but the fact comes from the score of 'total' of 'R'` | a `GradeResult` where the fact takes another grade, or a score |
| the compile-time messages of [Chaining](#chaining) | the result's grade or node does not fit the fact (other levels, a range) |
""")

    eval_src = textwrap.dedent("""
        ruleset "demo" { }
        input n_ubah { count }
        input n_agen { count }
        item agen_konkret "Agen perubahan membuat perubahan konkret" {
            score = divide(n_ubah, n_agen, 0)
        }
    """).strip("\n") + "\n"
    r = zona.loads(eval_src, NAME)
    try:
        r.score({"n_ubah": 5, "n_agen": 2})
        problems.append("evaluation: no error")
        etext = ""
    except zona.ZonaEvaluationError as e:
        etext = str(e)
    md(f"""
## Evaluation errors

A `score =` expression must stay within 0..the node's maximum; the compiler cannot prove
it, so scoring checks every computed score and raises `zona.ZonaEvaluationError`
(`.message`, `.span`, `.source`) at the first that does not:

```zona
{eval_src}```

scoring `{{"n_ubah": 5, "n_agen": 2}}` gives:

```text
{etext}
```

Bound the expression: here `min(1, divide(n_ubah, n_agen, 0))`, as the regulation caps
percentages at 100%. For an expression that can go below 0, use `max(0, ...)`. (Derived
values are not bounded; only node scores are.)

The same class reports `'ID' gave a condition, not a number` should a score ever evaluate
to a condition; the compiler's type checks are meant to make that impossible.
""")

    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out))
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print(" -", p)
    else:
        print("ok")


main()
