#!/usr/bin/env python3
"""Writes one workflow of BLOCKS blocks twice: in SFL and in heaviside's
language, so both compilers get the same state machine to build.

Each block is ten states in both outputs: an HTTP GET with a retry policy
and a catch that fails (Task, Fail), a choice whose branches set a
variable or POST an alert (Choice, Pass, Task), a map that GETs one part
per item (Map with Pass, Task, Succeed inside), and a Pass that keeps the
map's result. Usage: gen.py BLOCKS OUT_DIR  (writes flow_<states>.sfl and
flow_<states>.hsd).
"""

import sys
from pathlib import Path

STATES_PER_BLOCK = 10
CONNECTION = "arn:aws:events:eu-west-1:111122223333:connection/billing/0a1b2c3d"
LATTICE = "arn:aws:vpc-lattice:eu-west-1:111122223333:resourceconfiguration/rcfg-0123456789abcdef0"

SFL_HEAD = """/// A generated flow for the benchmark: {blocks} blocks of ten states.
workflow bench(input: {{ id: string, items: [string] }}) {{
    let count = 0
    let last = []
"""

SFL_BLOCK = """    let r{i} = GET billing "/items/{{input.id}}/{i}" {{
        retry on Http.5xx, Http.Socket attempts 3 interval 2s backoff 2
        catch Http.404 {{ fail "NotFound" "item {i} is missing" }}
    }}
    if r{i}.status == 200 {{
        set count = count + 1
    }} else {{
        POST billing "/alerts" {{ body {{ item: {i}, status: r{i}.status }} }}
    }}
    let m{i} = for item in input.items concurrency 4 {{
        let p = GET billing "/parts/{{item}}/{i}" {{ retry on Http.5xx attempts 2 interval 1s }}
        return p.body
    }}
    set last = m{i}
"""

SFL_TAIL = """    return {{ count: count, last: last }}
}}

endpoint billing {{
    url     "https://billing.example.com/v1"
    private "{lattice}"
    auth    api_key "x-api-key" = secret("billing/api-key")
}}
"""

HSD_HEAD = '''"""bench: {blocks} blocks of ten states"""
Pass()
    """Let count"""
    result: '$.count'
    data:
        0
Pass()
    """Let last"""
    result: '$.last'
    data:
        []
'''

HSD_BLOCK = '''Arn('arn:aws:states:::http:invoke')
    """GET item {i}"""
    parameters:
        ApiEndpoint.$: "States.Format('https://billing.example.com/v1/items/{{}}/{i}', $.id)"
        Method: "GET"
        Authentication: {{"ConnectionArn": "{conn}"}}
    result: '$.r{i}'
    retry ["States.Http.StatusCode.500", "States.Http.Socket"] 2 3 2.0
    catch ["States.Http.StatusCode.404"]:
        Fail('NotFound', 'item {i} is missing')
if '$.r{i}.StatusCode' == 200:
    Pass()
        """Set count {i}"""
        result: '$.seen{i}'
        data:
            1
else:
    Arn('arn:aws:states:::http:invoke')
        """POST alert {i}"""
        parameters:
            ApiEndpoint: "https://billing.example.com/v1/alerts"
            Method: "POST"
            Authentication: {{"ConnectionArn": "{conn}"}}
            RequestBody.$: "$.r{i}.StatusCode"
        result: '$.alert{i}'
map:
    """Map {i}"""
    items_path: '$.items'
    max_concurrency: 4
    result: '$.m{i}'
    iterator:
        Pass()
            """Each item {i}"""
        Arn('arn:aws:states:::http:invoke')
            """GET part {i}"""
            parameters:
                ApiEndpoint.$: "States.Format('https://billing.example.com/v1/parts/{{}}/{i}', $)"
                Method: "GET"
                Authentication: {{"ConnectionArn": "{conn}"}}
            retry ["States.Http.StatusCode.500"] 1 2 2.0
        Success()
            """Return part {i}"""
Pass()
    """Set last {i}"""
    input: '$.m{i}'
    result: '$.last'
'''

HSD_TAIL = '''Success()
    """Return count"""
'''


def sfl(blocks: int) -> str:
    body = "".join(SFL_BLOCK.format(i=i) for i in range(blocks))
    return SFL_HEAD.format(blocks=blocks) + body + SFL_TAIL.format(lattice=LATTICE)


def hsd(blocks: int) -> str:
    body = "".join(HSD_BLOCK.format(i=i, conn=CONNECTION) for i in range(blocks))
    return HSD_HEAD.format(blocks=blocks) + body + HSD_TAIL


def main() -> None:
    blocks, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    states = blocks * STATES_PER_BLOCK
    (out / f"flow_{states}.sfl").write_text(sfl(blocks))
    (out / f"flow_{states}.hsd").write_text(hsd(blocks))


if __name__ == "__main__":
    main()
