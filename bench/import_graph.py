"""The import graph of the helpwidget package: modules, cycles, function-local imports, sizes.

    .venv/bin/python -m bench.import_graph [--top N]

Reads the source only (nothing is imported). A cycle is a group of modules that reach each
other through imports, function-local ones included; each group is shown with one shortest
loop through it, and the same is done for the top-level areas (services, realtime, ...).
"""
import argparse
import ast
import os
import sys
from collections import defaultdict, deque

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "helpwidget")
SKIPPED = {"migrations"}  # Alembic scripts, loaded by path rather than imported


def modules(root=ROOT):
    """Return {dotted module name: file path} for every module of the package."""
    found = {}
    base = os.path.dirname(root)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith((".", "_")))
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            dotted = os.path.relpath(path, base)[:-3].replace(os.sep, ".")
            found[dotted.removesuffix(".__init__")] = path
    return found


def _target(name, known):
    """Return the known module an imported dotted name stands for (its nearest known parent)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(name, path, known):
    """Yield (imported module, line, function-local?) for each helpwidget import of a module."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    local_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            local_nodes.update(id(n) for n in ast.walk(node) if n is not node)
    for node in ast.walk(tree):
        local = id(node) in local_nodes
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _target(alias.name, known)
                if target:
                    yield target, node.lineno, local
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(parts + ([source] if source else []))
            for alias in node.names:
                target = _target(f"{source}.{alias.name}", known)
                if target:
                    yield target, node.lineno, local


def graph(known):
    """Return ({module: set of imported modules}, [(module, line, imported)] function-local)."""
    edges, local = defaultdict(set), []
    for name, path in known.items():
        edges[name]
        for target, line, is_local in imports(name, path, known):
            if target != name and not name.startswith(target + "."):  # a package's own parents
                edges[name].add(target)
                if is_local:
                    local.append((name, line, target))
    return edges, local


def cycles(edges):
    """Return the strongly connected groups of more than one module (Tarjan), largest first."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(start):
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups, key=lambda g: (-len(g), g))


def shortest_loop(edges, group):
    """Return one shortest loop through the group, as a list of modules ending where it starts."""
    members = set(group)
    best = None
    for start in group:
        previous = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for child in sorted(edges[node] & members):
                if child == start:
                    path = [node]
                    while previous[path[-1]] is not None:
                        path.append(previous[path[-1]])
                    loop = list(reversed(path)) + [start]
                    if best is None or len(loop) < len(best):
                        best = loop
                    queue.clear()
                    break
                if child not in previous:
                    previous[child] = node
                    queue.append(child)
    return best


def areas(edges):
    """Return the graph collapsed to top-level areas (helpwidget.services, helpwidget.api, ...)."""
    def area(name):
        return ".".join(name.split(".")[:2])
    collapsed = defaultdict(set)
    for name, targets in edges.items():
        collapsed[area(name)]
        for target in targets:
            if area(target) != area(name) and area(target) != "helpwidget":
                collapsed[area(name)].add(area(target))
    collapsed.pop("helpwidget", None)  # the app factory wires every area together
    return collapsed


def report(top=10, out=sys.stdout):
    """Print the figures."""
    known = modules()
    edges, local = graph(known)
    groups = cycles(edges)
    print(f"modules: {len(known)}", file=out)
    print(f"import edges: {sum(len(t) for t in edges.values())}", file=out)
    print(f"module cycles: {len(groups)} group(s) of modules importing each other", file=out)
    for group in groups:
        loop = shortest_loop(edges, group)
        print(f"  {len(group)} modules, e.g. {' -> '.join(loop)}", file=out)
        print(f"    {', '.join(group)}", file=out)
    area_edges = areas(edges)
    area_groups = cycles(area_edges)
    print(f"area cycles: {len(area_groups)}", file=out)
    for group in area_groups:
        print(f"  {', '.join(group)}; e.g. {' -> '.join(shortest_loop(area_edges, group))}",
              file=out)
    statements = defaultdict(list)
    for name, line, target in local:
        statements[(name, line)].append(target)
    in_cycle = {m for group in groups for m in group}
    print(f"function-local helpwidget imports: {len(statements)} statements", file=out)
    for (name, line), targets in sorted(statements.items()):
        closing = " (inside a cycle)" if name in in_cycle and set(targets) & in_cycle else ""
        print(f"  {os.path.relpath(known[name], os.path.dirname(ROOT))}:{line} "
              f"{', '.join(sorted(set(targets)))}{closing}", file=out)
    loose = sorted(n for n, p in known.items()
                   if n.count(".") == 1 and not p.endswith("__init__.py"))
    print(f"loose top-level modules: {len(loose)} ({', '.join(n.split('.')[1] for n in loose)})",
          file=out)
    sizes = []
    for name, path in known.items():
        with open(path, encoding="utf-8") as handle:
            sizes.append((sum(1 for _ in handle), name))
    print("largest modules (lines):", file=out)
    for lines, name in sorted(sizes, reverse=True)[:top]:
        print(f"  {lines:>5} {name}", file=out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="How many of the largest modules.")
    report(parser.parse_args().top)
