"""One-off package restructuring for issue 11: moves classes between packages/modules and rewrites
every reference (imports, fully qualified names, package lines) across the repository. Kept for the
record of what moved where; re-running it is a no-op once the moves are done."""
import os, re, subprocess, sys
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (old module, old package, new module, new package, classes or None for the whole package)
STAGE1 = [
    ("vista-core", "io.vista.core.config", "vista-train", "io.vista.train.config", None),
    ("vista-core", "io.vista.core.graph", "vista-core", "io.vista.core.train", ["LearningRateSchedule"]),
    ("vista-core", "io.vista.core.graph", "vista-core", "io.vista.core.internal.graph", None),
    ("vista-core", "io.vista.core.io", "vista-core", "io.vista.core", ["CheckpointException"]),
    ("vista-core", "io.vista.core.io", "vista-core", "io.vista.core.internal.compat",
     ["LightningCheckpoint", "LightningCheckpointReader", "PickleGlobal", "PickleReader", "PickledObject",
      "TorchPickle", "PickleBytes"]),
    ("vista-core", "io.vista.core.io", "vista-core", "io.vista.core.internal.io", None),
    ("vista-core", "io.vista.core.data.write", "vista-core", "io.vista.core.internal.hdf5", None),
    ("vista-core", "io.vista.core.metrics", "vista-core", "io.vista.core.classification", None),
    ("vista-core", "io.vista.core.data", "vista-bench", "io.vista.bench", ["DecodeBenchmark"]),
    ("vista-core", "io.vista.core.data.demo", "vista-train", "io.vista.train", ["GenerateDemo", "GenerateDemoTest"]),
]
# Stage 2: the training loop, its tasks and checkpointing become library code (io.vista.core.train).
STAGE2 = [
    ("vista-train", "io.vista.train.loop", "vista-core", "io.vista.core.train", None),
    ("vista-train", "io.vista.train.checkpoint", "vista-core", "io.vista.core.train", None),
    ("vista-train", "io.vista.train.log", "vista-core", "io.vista.core.train", ["MetricsSink"]),
    ("vista-train", "io.vista.train.sae", "vista-core", "io.vista.core.train", ["SaeTask", "SaeValidation"]),
    ("vista-train", "io.vista.train.probe", "vista-core", "io.vista.core.train",
     ["ProbeTask", "ProbeValidation", "ProbeReport"]),
]
MOVES = {"1": STAGE1, "2": STAGE2}[sys.argv[1] if len(sys.argv) > 1 else "1"]

def pkg_dir(module, pkg, kind):
    return os.path.join(ROOT, module, "src", kind, "java", *pkg.split("."))

def java_files():
    for dp, dn, fn in os.walk(ROOT):
        if "/target" in dp or "/.git" in dp:
            continue
        for f in fn:
            if f.endswith(".java"):
                yield os.path.join(dp, f)

renames = {}   # old FQN -> new FQN
moved = []     # (old path, new path, old pkg, new pkg)
for om, op, nm, np_, classes in MOVES:
    for kind in ("main", "test"):
        d = pkg_dir(om, op, kind)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".java"):
                continue
            cls = f[:-5]
            if classes is not None and cls not in classes:
                continue
            if cls == "package-info" and os.path.exists(os.path.join(pkg_dir(nm, np_, kind), f)):
                continue
            src = os.path.join(d, f)
            if any(src == m[0] for m in moved):
                continue
            dst = os.path.join(pkg_dir(nm, np_, kind), f)
            moved.append((src, dst, op, np_))
            if cls != "package-info":
                renames[op + "." + cls] = np_ + "." + cls

old_pkg_of = {v: k.rsplit(".", 1)[0] for k, v in renames.items()}
for src, dst, op, np_ in moved:
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.exists(dst):
        sys.exit("exists: " + dst)
    subprocess.check_call(["git", "mv", src, dst], cwd=ROOT)

# classes by old package (to add imports for former same-package references)
by_old_pkg = {}
for old, new in renames.items():
    by_old_pkg.setdefault(old.rsplit(".", 1)[0], []).append((old.rsplit(".", 1)[1], new))

fqn_re = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(renames, key=len, reverse=True)) + r")\b")
for path in java_files():
    text = open(path).read()
    orig = text
    text = fqn_re.sub(lambda m: renames[m.group(1)], text)
    m = re.search(r"^package ([\w.]+);", text, re.M)
    cur_pkg = m.group(1) if m else ""
    # the file's own former package: where it was before the move
    former = cur_pkg
    for src, dst, op, np_ in moved:
        if os.path.abspath(dst) == os.path.abspath(path):
            former = op
            text = re.sub(r"^package [\w.]+;", "package " + np_ + ";", text, count=1, flags=re.M)
            cur_pkg = np_
    # same-package references that are now in another package
    needed = set()
    body = re.sub(r"^import .*$", "", text, flags=re.M)
    for pkg in {former, cur_pkg}:
        for simple, new in by_old_pkg.get(pkg, []):
            if new.rsplit(".", 1)[0] == cur_pkg:
                continue
            if re.search(r"\b" + simple + r"\b", body) and ("import " + new + ";") not in text:
                needed.add(new)
    # classes that stayed in the former package, referenced by a file that moved away
    if former != cur_pkg:
        d = None
        for kind in ("main", "test"):
            for mod in ("vista-core", "vista-train", "vista-eval", "vista-bench"):
                cand = pkg_dir(mod, former, kind)
                if os.path.isdir(cand):
                    for f in os.listdir(cand):
                        simple = f[:-5]
                        if f.endswith(".java") and simple != "package-info" and re.search(r"\b" + simple + r"\b", body):
                            needed.add(former + "." + simple)
    if needed:
        lines = "".join("import " + n + ";\n" for n in sorted(needed))
        text = re.sub(r"^(package [\w.]+;\n)", r"\1\n" + lines, text, count=1, flags=re.M)
    if text != orig:
        open(path, "w").write(text)
print("moved", len(moved), "files;", len(renames), "classes")
