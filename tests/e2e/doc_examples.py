#!/usr/bin/env python3
"""Extract the examples of Markdown documents, for tests/e2e/test_doc_examples.sh.

    doc_examples.py DOC              the records of DOC on standard output
    doc_examples.py --split DIR DOC...  each DOC's records in DIR/NAME, NAME its path with '/'
                                     as '_' (one Python start for every document: a test pays
                                     for each start)

One record per line, tab-separated:
  file<TAB>PATH<TAB>LINE<TAB>BASE64   a block marked `<!-- file: PATH -->` (its text, base64)
  run<TAB>LINE<TAB>COMMAND            a `career-risk` command from a sh/bash block, its comment cut
A command continued with a trailing backslash is joined; a `# comment` outside quotes is cut.
"""
import base64
import re
import sys


def cut_comment(line):
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
            elif c == "\\" and quote == '"':
                continue
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def main(path, out=sys.stdout):
    lines = open(path, encoding="utf-8").read().split("\n")
    marker, i = None, 0
    while i < len(lines):
        m = re.match(r"^<!-- file: (\S+) -->$", lines[i])
        if m:
            marker = m.group(1)
            i += 1
            continue
        fence = re.match(r"^```(\w*)$", lines[i])
        if not fence:
            i += 1
            continue
        lang, start, body = fence.group(1), i + 1, []
        i += 1
        while i < len(lines) and lines[i] != "```":
            body.append(lines[i])
            i += 1
        i += 1
        if marker:
            text = "\n".join(body) + "\n"
            print("file\t%s\t%d\t%s" % (marker, start, base64.b64encode(text.encode()).decode()), file=out)
            marker = None
            continue
        if lang not in ("sh", "bash"):
            continue
        j = 0
        while j < len(body):
            line, at = body[j], start + j + 1
            while line.endswith("\\") and j + 1 < len(body):
                j += 1
                line = line[:-1] + " " + body[j].strip()
            j += 1
            line = re.sub(r"^\$ ", "", line.strip())
            if re.match(r"^career-risk(\s|$)", line):
                print("run\t%d\t%s" % (at, cut_comment(line)), file=out)


if __name__ == "__main__":
    if sys.argv[1] == "--split":
        for doc in sys.argv[3:]:
            with open("%s/%s" % (sys.argv[2], doc.replace("/", "_")), "w", encoding="utf-8") as f:
                main(doc, f)
    else:
        main(sys.argv[1])
