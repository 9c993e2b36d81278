#!/usr/bin/env python3
"""Checks the examples of docs/CI.md: every YAML block parses (PyYAML, Debian's python3-yaml)
and has the shape its system expects (GitHub Actions, GitLab CI, Kubernetes Jobs), every shell
script in them passes `bash -n`, and every capplan command line is printed as "VERB FLAG" lines
on stdout so the caller can check each flag against `capplan VERB --help`.

Usage: check_ci_docs.py docs/CI.md   (exit 1 with one line per problem)
"""
import re
import subprocess
import sys

import yaml


def blocks(text, language):
    return re.findall(r"^```" + language + r"\n(.*?)^```", text, re.S | re.M)


def bash_syntax(script, where, problems):
    # GitHub expressions are substituted before the shell sees the script.
    script = re.sub(r"\$\{\{.*?\}\}", "X", script)
    r = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    if r.returncode != 0:
        problems.append(f"{where}: bash -n: {r.stderr.strip()}")


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    problems, scripts = [], []
    kinds = {"github": 0, "gitlab": 0, "kubernetes": 0, "shell": 0}
    for i, block in enumerate(blocks(text, "yaml")):
        try:
            docs = [d for d in yaml.safe_load_all(block) if d is not None]
        except yaml.YAMLError as e:
            problems.append(f"yaml block {i + 1}: {e}")
            continue
        for doc in docs:
            where = f"yaml block {i + 1}"
            if "jobs" in doc:  # GitHub Actions; PyYAML reads the key `on` as True
                kinds["github"] += 1
                if True not in doc and "on" not in doc:
                    problems.append(f"{where}: a workflow without `on`")
                for name, job in doc["jobs"].items():
                    if "runs-on" not in job or not job.get("steps"):
                        problems.append(f"{where}: job {name}: needs runs-on and steps")
                    for step in job.get("steps", []):
                        if ("uses" in step) == ("run" in step):
                            problems.append(f"{where}: job {name}: a step needs uses or run: {step}")
                        if "run" in step:
                            scripts.append((f"{where}: job {name}: step {step.get('name', '?')}", step["run"]))
            elif "stages" in doc:  # GitLab CI
                kinds["gitlab"] += 1
                jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
                if not jobs:
                    problems.append(f"{where}: no GitLab job with a script")
                for name, job in jobs.items():
                    if job.get("stage") not in doc["stages"]:
                        problems.append(f"{where}: job {name}: stage not in stages")
                    lines = job.get("before_script", []) + job["script"]
                    scripts.append((f"{where}: job {name}", "\n".join(lines)))
            elif doc.get("kind") == "Job":  # Kubernetes
                kinds["kubernetes"] += 1
                spec = doc["spec"]
                pod = spec["template"]["spec"]
                if pod.get("restartPolicy") not in ("Never", "OnFailure"):
                    problems.append(f"{where}: a Job's pods need restartPolicy Never or OnFailure")
                for c in pod["containers"]:
                    if "image" not in c:
                        problems.append(f"{where}: container {c.get('name')} has no image")
                    if c.get("command", [])[:2] == ["/bin/sh", "-c"]:
                        scripts.append((f"{where}: {doc['metadata']['name']}", c["args"][0]))
            else:
                problems.append(f"{where}: neither a GitHub workflow, a GitLab pipeline nor a Job")
    for i, block in enumerate(blocks(text, "sh")):
        kinds["shell"] += 1
        scripts.append((f"sh block {i + 1}", block))
    indexed = [d for b in blocks(text, "yaml") for d in yaml.safe_load_all(b)
               if isinstance(d, dict) and d.get("spec", {}).get("completionMode") == "Indexed"]
    if not indexed:
        problems.append("no Kubernetes Indexed Job")
    for where, script in scripts:
        bash_syntax(script, where, problems)
    every = "\n".join(s for _, s in scripts)
    for needed in ["capplan report", "--compare-to", "gh pr comment", "--shard", "sweep --merge",
                   "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "merge_requests"]:
        if needed not in every:
            problems.append(f"no example uses {needed}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print("kinds " + " ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
    for _, script in scripts:
        joined = re.sub(r"\\\n\s*", " ", script)
        for m in re.finditer(r"\bcapplan (report|sweep|diff|allocate|compare|validate|catalog)\b([^\n]*)", joined):
            for flag in sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", m.group(2)))):
                print(f"flag {m.group(1)} {flag}")
        # Gate flags gathered into a variable before the report command line.
        for flag in sorted(set(re.findall(r"(?<![\w-])--(?:max-[a-z-]+|compare-to)\b", joined))):
            print(f"flag report {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
