"""The demo help center as plain data, for the benchmarks."""
import glob
import os

import frontmatter

CONTENT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       "helpwidget", "demo", "content")


def demo_texts(locale):
    """Return [{"site", "slug", "title", "body"}] of the demo articles in `locale`."""
    out = []
    for path in sorted(glob.glob(os.path.join(CONTENT, "*", locale, "*.md"))):
        post = frontmatter.load(path)
        out.append({"site": path.split(os.sep)[-3], "slug": post.get("slug") or
                    os.path.basename(path)[:-3], "title": str(post["title"]),
                    "body": post.content})
    return out
