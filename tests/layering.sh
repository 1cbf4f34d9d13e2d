#!/bin/sh
# Stages only look forward: no file of libstitch includes the header of a
# stage that comes after its own (a stage that calls it), none includes a
# header of the tool (src/), and no report writer includes the header of
# the report dispatcher that calls it.   tests/layering.sh SOURCE_DIR
#
# The stages, in the order a business case flows through them. A file
# belongs to the stage of its name (lib/X.c and lib/X.h are stage X);
# lib/report/ is all the last stage. A new file in lib/ must be given its
# stage here, so that the order stays written down.
set -eu
src=$1
cd "$src"

stages='
0 util fmt text dist correlate sobol national
1 model
2 unitcost
3 plan link monitor lint
4 sample design
5 eval
6 mc
7 sensitivity
8 information compare
9 portfolio
10 results results_portfolio
11 report
10 report
'

# Exceptions known today and removed by the part of issue #12 that fixes
# them: "FILE HEADER why". The test fails when one is no longer needed,
# so that its line is deleted with the fix.
known='
'

stage_of() { # stage number of a lib/ file or header name, or "" if unknown
    case $1 in
    lib/report/* | report/*) echo 11; return ;;
    esac
    base=$(basename "$1")
    base=${base%.*}
    echo "$stages" | awk -v b="$base" 'NF { for (i = 2; i <= NF; i++) if ($i == b) print $1 }'
}

is_known() {
    echo "$known" | awk -v f="$1" -v h="$2" 'NF && $1 == f && $2 == h { found = 1 } END { exit !found }'
}

fail=0
used=''
files=$(find lib -name '*.[ch]' | LC_ALL=C sort)
for f in $files; do
    s=$(stage_of "$f")
    if [ -z "$s" ]; then
        echo "$f: not in any stage: add it to the stage list in tests/layering.sh"
        fail=1
        continue
    fi
    for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
        [ "$h" = "stitch/stitch.h" ] && continue
        why=''
        if [ -e "src/$h" ] && [ ! -e "lib/$h" ] && [ ! -e "lib/report/$h" ]; then
            why="includes the tool's header src/$h"
        elif [ -e "lib/report/$h" ] && [ ! -e "lib/$h" ]; then
            case $f in
            lib/report/*) ;;
            *) why="includes $h, a header of the report stage (11), from stage $s" ;;
            esac
            base=$(basename "$f")
            if [ "$h" = "report.h" ] && [ "$base" != "report.c" ] && [ "$base" != "file.c" ]; then
                why="is a report writer and includes report.h, the header of the dispatcher that calls it"
            fi
        else
            hs=$(stage_of "$h")
            if [ -z "$hs" ]; then
                echo "$f: includes \"$h\", which is in no stage"
                fail=1
                continue
            fi
            [ "$hs" -gt "$s" ] && why="includes $h (stage $hs), a stage after its own ($s)"
        fi
        [ -z "$why" ] && continue
        if is_known "$f" "$h"; then
            used="$used $f:$h"
            continue
        fi
        echo "$f: $why"
        fail=1
    done
done

# Every known exception must still be needed.
for k in $(echo "$known" | awk 'NF { print $1 ":" $2 }'); do
    case " $used " in
    *" $k "*) ;;
    *) echo "tests/layering.sh: the exception $k is no longer needed: delete its line"; fail=1 ;;
    esac
done

if [ "$fail" -ne 0 ]; then
    exit 1
fi
n=$(echo "$files" | wc -l)
k=$(echo "$known" | awk 'NF' | wc -l)
echo "layering: $n files of lib/ include only their own or earlier stages ($k known exceptions)"
