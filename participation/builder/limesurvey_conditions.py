"""LimeSurvey relevance equations (and 2.x condition rows) as our conditions ("show_if").

Only the simple part of LimeSurvey's Expression Manager is understood: comparisons of a
question (or a subquestion of a multiple choice or an array) with a constant, `is_empty()`,
and `and` / `or` / `!` with parentheses. Anything else raises `Unsupported`, and the caller
imports the question without its condition and says so in the report.
"""

import re
from dataclasses import dataclass, field

OPERATORS = {"==": "==", "eq": "==", "!=": "!=", "ne": "!=", "<": "<", "lt": "<",
             "<=": "<=", "le": "<=", ">": ">", "gt": ">", ">=": ">=", "ge": ">="}
CONNECTIVES = {"and": "and", "&&": "and", "or": "or", "||": "or", "!": "not", "not": "not"}
NUMBER_OPS = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
# A variable may carry one of these suffixes: the answer code itself. `.shown` (the answer's
# text) and the like compare something else and are not understood.
VALUE_SUFFIXES = ("", ".NAOK", ".value", ".code")
TOKEN_RE = re.compile(r"""\s*(?:
    (?P<number>\d+(?:\.\d+)?)
  | (?P<string>"[^"]*"|'[^']*')
  | (?P<op>==|!=|<=|>=|&&|\|\||[<>!()])
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z]+)?)
)""", re.VERBOSE)
SGQA_RE = re.compile(r"\+?\d+X\d+X(\d+)(.*)")
ALWAYS = ("", "1", "true")


class Unsupported(Exception):
    """An equation this import cannot express; `source` names a question it could not use."""

    def __init__(self, source: str | None = None):
        super().__init__(source)
        self.source = source


@dataclass(frozen=True)
class Variable:
    """What a LimeSurvey variable name stands for among the questions already imported.

    kind: "choice" (codes maps answer codes to option keys), "number", "text", "multi" (a
    multiple choice as a whole), "item" (one option `option` of the multiple choice `key`: "Y"
    when chosen), or "parts" (an array or group, whose parts are the variables)."""
    key: str
    kind: str
    codes: dict = field(default_factory=dict)
    option: str | None = None


def is_always(equation: str | None) -> bool:
    return (equation or "").strip().lower() in ALWAYS


# --- parsing ----------------------------------------------------------------------------------


def _tokens(equation: str) -> list[tuple[str, object]]:
    text = equation.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN_RE.match(text, position)
        if match is None or match.end() == position:
            if text[position:].strip():
                raise Unsupported()
            break
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "number":
            tokens.append(("literal", float(value) if "." in value else int(value)))
        elif kind == "string":
            tokens.append(("literal", value[1:-1]))
        elif kind == "name" and value.lower() in OPERATORS | CONNECTIVES:
            tokens.append(("op", value.lower()))
        else:
            tokens.append((kind, value))
    return tokens


class _Parser:
    """expr := and ('or' and)* ; and := unary ('and' unary)* ; unary := '!' unary | primary"""

    def __init__(self, tokens):
        self.tokens, self.position = tokens, 0

    def peek(self) -> tuple[str, object] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, kind: str, value=None):
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise Unsupported()
        self.position += 1
        return token[1]

    def connective(self, name: str) -> bool:
        token = self.peek()
        if token and token[0] == "op" and CONNECTIVES.get(token[1]) == name:
            self.position += 1
            return True
        return False

    def expression(self):
        parts = [self.conjunction()]
        while self.connective("or"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def conjunction(self):
        parts = [self.unary()]
        while self.connective("and"):
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def unary(self):
        if self.connective("not"):
            return ("not", self.unary())
        if self.peek() == ("op", "("):
            self.take("op", "(")
            inner = self.expression()
            self.take("op", ")")
            return inner
        return self.comparison()

    def comparison(self):
        token = self.peek()
        if token and token[0] == "name" and token[1] == "is_empty":
            self.take("name")
            self.take("op", "(")
            name = self.take("name")
            self.take("op", ")")
            return ("empty", name)
        left = self.operand()
        operator = OPERATORS.get(self.take("op"))
        right = self.operand()
        if operator is None or (left[0] == "name") == (right[0] == "name"):
            raise Unsupported()  # both sides questions, or both constants
        if left[0] == "name":
            return ("cmp", left[1], operator, right[1])
        mirrored = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(operator, operator)
        return ("cmp", right[1], mirrored, left[1])

    def operand(self):
        token = self.peek()
        if token is None or token[0] not in ("name", "literal"):
            raise Unsupported()
        self.position += 1
        return token


def parse(equation: str):
    """The syntax tree of a relevance equation; raises Unsupported."""
    parser = _Parser(_tokens(equation))
    tree = parser.expression()
    if parser.peek() is not None:
        raise Unsupported()
    return tree


def legacy_tree(rows: list[dict], code_of_qid: dict[str, str]):
    """LimeSurvey 2.x condition rows of one question as a syntax tree.

    Rows of one scenario must all hold (and); scenarios are alternatives (or); several rows
    on the same answer field are alternatives too, as LimeSurvey evaluates them."""
    scenarios: dict[str, dict[str, list]] = {}
    for row in rows:
        code = code_of_qid.get(row.get("cqid", "").strip())
        method = OPERATORS.get(row.get("method", "").strip() or "==")
        value = row.get("value", "")
        if code is None or method is None or value.startswith(("@", "{")):
            raise Unsupported(code)
        fieldname = row.get("cfieldname", "").strip()
        match = SGQA_RE.fullmatch(fieldname)
        name = f"{code}_{match.group(2)}" if match and match.group(2) else code
        scenario = scenarios.setdefault(row.get("scenario", "1").strip(), {})
        scenario.setdefault(name, []).append(("cmp", name, method, value))
    alternatives = []
    for fields in scenarios.values():
        parts = [items[0] if len(items) == 1 else ("or", items) for items in fields.values()]
        alternatives.append(parts[0] if len(parts) == 1 else ("and", parts))
    if not alternatives:
        raise Unsupported()
    return alternatives[0] if len(alternatives) == 1 else ("or", alternatives)


def render(tree) -> str:
    """A LimeSurvey-style text of a syntax tree, for the report."""
    kind = tree[0]
    if kind == "cmp":
        value = tree[3] if isinstance(tree[3], int | float) else f'"{tree[3]}"'
        return f"{tree[1]} {tree[2]} {value}"
    if kind == "empty":
        return f"is_empty({tree[1]})"
    if kind == "not":
        return f"!({render(tree[1])})"
    return "(" + f" {kind} ".join(render(part) for part in tree[1]) + ")"


# --- mapping ----------------------------------------------------------------------------------


def condition(tree, variables: dict[str, Variable]) -> dict:
    """Our condition for a syntax tree; raises Unsupported (with the source when it is a
    question that is not among `variables`: later, left out, or unknown)."""
    kind = tree[0]
    if kind == "and":
        return _combine("all", [condition(part, variables) for part in tree[1]])
    if kind == "or":
        return _combine("any", [condition(part, variables) for part in tree[1]])
    if kind == "not":
        return negate(condition(tree[1], variables))
    variable = _variable(tree[1], variables)
    if kind == "empty":
        return _emptiness(variable, empty=True)
    return _comparison(variable, tree[2], tree[3])


def _variable(name: str, variables: dict[str, Variable]) -> Variable:
    for suffix in VALUE_SUFFIXES:
        if suffix and not name.endswith(suffix):
            continue
        base = name[:-len(suffix)] if suffix else name
        found = variables.get(base) or next(
            (v for n, v in variables.items() if n.lower() == base.lower()), None)
        if found is not None:
            return found
        if suffix:
            raise Unsupported(base)
    if "." in name:
        raise Unsupported()
    raise Unsupported(name)


def _emptiness(variable: Variable, empty: bool) -> dict:
    if variable.kind == "parts":
        raise Unsupported()
    if variable.kind == "item":
        return {"question": variable.key, ("none_of" if empty else "any_of"): [variable.option]}
    return {"question": variable.key, "answered": not empty}


def _comparison(variable: Variable, operator: str, value) -> dict:
    if value == "" and operator in ("==", "!="):
        return _emptiness(variable, empty=operator == "==")
    if variable.kind == "item":
        if str(value).upper() != "Y" or operator not in ("==", "!="):
            raise Unsupported()
        return {"question": variable.key,
                ("any_of" if operator == "==" else "none_of"): [variable.option]}
    if variable.kind == "number":
        number = _whole(value)
        name = {"==": "equals", "!=": "not_equals"}.get(operator) or NUMBER_OPS[operator]
        return {"question": variable.key, name: number}
    if variable.kind != "choice":
        raise Unsupported()
    if operator in ("==", "!="):
        option = _option(variable, value)
        return {"question": variable.key,
                ("any_of" if operator == "==" else "none_of"): [option]}
    number = _whole(value)
    chosen = [key for code, key in variable.codes.items()
              if code.lstrip("-").isdigit() and _holds(int(code), operator, number)]
    if not chosen:
        raise Unsupported()
    return {"question": variable.key, "any_of": chosen}


def _whole(value) -> int:
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if text.lstrip("-").isdigit():
        return int(text)
    raise Unsupported()


def _option(variable: Variable, value) -> str:
    code = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if code in variable.codes:
        return variable.codes[code]
    folded = {c.lower(): key for c, key in variable.codes.items()}
    if code.lower() in folded:
        return folded[code.lower()]
    raise Unsupported()


def _holds(left: int, operator: str, right: int) -> bool:
    return {"<": left < right, "<=": left <= right, ">": left > right,
            ">=": left >= right}[operator]


def _is_list_condition(part: dict, name: str) -> bool:
    return set(part) == {"question", name}


def _combine(name: str, parts: list[dict]) -> dict:
    """{"all"/"any": parts}, with nested ones flattened and lists on one question merged:
    `Q1 == "A1" or Q1 == "A2"` is one any_of, as the builder would write it."""
    merge = "any_of" if name == "any" else "none_of"
    flat: list[dict] = []
    for part in parts:
        flat += part[name] if set(part) == {name} else [part]
    merged: list[dict] = []
    for part in flat:
        twin = next((m for m in merged if _is_list_condition(part, merge)
                     and _is_list_condition(m, merge) and m["question"] == part["question"]),
                    None)
        if twin is None:
            merged.append(dict(part))
        else:
            twin[merge] = twin[merge] + [k for k in part[merge] if k not in twin[merge]]
    return merged[0] if len(merged) == 1 else {name: merged}


def negate(part: dict) -> dict:
    for name, opposite in (("any_of", "none_of"), ("none_of", "any_of"),
                           ("equals", "not_equals"), ("not_equals", "equals")):
        if _is_list_condition(part, name):
            return {"question": part["question"], opposite: part[name]}
    if set(part) == {"question", "answered"}:
        return {"question": part["question"], "answered": not part["answered"]}
    if set(part) == {"not"}:
        return part["not"]
    return {"not": part}
