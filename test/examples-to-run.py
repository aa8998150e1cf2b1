#! /usr/bin/env python3

# The module's examples that ns-3's test.py runs (in-tree builds), each with small parameters
# so that it takes seconds. test.py checks that they run and exit 0; utils/check-examples
# (make test, make test-ns3) also checks what they write. Each tuple is
#
#     (example_name, do_run, do_valgrind_run).
#
# See ns-3's test.py for more information.
cpp_examples = [
    ("muses-sealed-link --packets=300 --outDir=muses-sealed-link", "True", "True"),
    (
        "muses-multi-app --outage=5 --stopTime=25 --bulkBytes=2000000 --outDir=muses-multi-app",
        "True",
        "False",
    ),
    (
        "muses-paper-mobility --fileSize=8000000 --moveAt=3 --offlineFor=1 --stopTime=60 "
        "--outDir=muses-paper-mobility-cloak",
        "True",
        "False",
    ),
    (
        "muses-paper-mobility --transport=static --fileSize=8000000 --moveAt=3 --offlineFor=1 "
        "--stopTime=60 --outDir=muses-paper-mobility-static",
        "True",
        "False",
    ),
    (
        "muses-paper-mobility --stack=tcp --moveTo=r5 --fileSize=8000000 --moveAt=3 "
        "--offlineFor=1 --stopTime=60 --outDir=muses-paper-mobility-tcp",
        "True",
        "False",
    ),
    ("cloak-overlay --peers=50 --outDir=cloak-overlay", "True", "False"),
    ("muses-attacks --outDir=muses-attacks", "True", "False"),
    (
        "muses-wifi-roaming --speed=8 --stopTime=16 --outDir=muses-wifi-roaming",
        "True",
        "False",
    ),
]

# No Python examples.
python_examples = []
