#!/bin/bash
# Host test of hmsabi-agent: builds it into a temp dir, talks to it over
# pipes ("-") and a pty, and checks every op of PROTOCOL.md against real
# files. Exits non-zero when any check fails.
#
#   ./test-agent.sh             static build, as the guest gets it
#   VALGRIND=1 ./test-agent.sh  dynamic build, every agent run under valgrind
set -u
umask 022
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
# The agent's file-backed cases need a tmpfs directory (the guest's /init mounts one at /tmp).
shm=${HMSABI_TEST_TMPFS:-/dev/shm}
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
checks=0
fails=0

pass() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "FAIL: $*"; }

if [ -n "${VALGRIND:-}" ]; then
    make -s -C "$here" BUILD="$tmp/build" STATIC= >/dev/null || exit 1
    agent=(valgrind -q --error-exitcode=99 --leak-check=full
           --errors-for-leak-kinds=definite "$tmp/build/hmsabi-agent")
else
    make -s -C "$here" BUILD="$tmp/build" >/dev/null || exit 1
    agent=("$tmp/build/hmsabi-agent")
fi

# q FILE EXPR: evaluates a Python expression over the replies in FILE.
# Parsing every reply as JSON is itself a check: q fails on any bad line.
cat >"$tmp/q.py" <<'EOF'
import json, sys
RAW = open(sys.argv[1], 'rb').read()
R = [json.loads(l[5:].decode('ascii')) for l in RAW.split(b'\n') if l.startswith(b'@hms ')]
T = sys.argv[3]
def end(i):
    (r,) = [r for r in R if r['id'] == i and r.get('end')]
    return r
def ents(i): return [r for r in R if r['id'] == i and r['op'] == 'entry']
def ent(i, p): return [r for r in ents(i) if r['path'] == T + '/' + p][0]
def listing(i, top=None):
    n = len(top or T) + 1
    return ' '.join(e['path'][n:] + ':' + e.get('type', '?') for e in ents(i))
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v))
EOF

# check NAME WANT EXPR [FILE]: EXPR over the replies in FILE must print WANT.
check() {
    local got
    got=$(python3 "$tmp/q.py" "${4:-$tmp/out}" "$3" "$tmp/t" 2>&1)
    if [ "$got" == "$2" ]; then pass; else fail "$1: want [$2], got [$got]"; fi
}

# --- fixtures -------------------------------------------------------------
T=$tmp/t F=$tmp/f W=$tmp/w
mkdir -p "$T/sub/deeper/deepest" "$F" "$W"
printf 'A\n' >"$T/a.txt"
printf 'Z\n' >"$T/Z.txt"       # strcmp puts "Z.txt" before "a.txt"
printf 'secret' >"$T/noread" && chmod 0200 "$T/noread"
mkfifo "$T/fifo"
ln -s a.txt "$T/link"
ln -s sub "$T/subl"             # a link to a directory: never followed
printf 'C' >"$T/sub/c.txt"
printf 'E' >"$T/sub/deeper/e.txt"
printf 'F' >"$T/sub/deeper/deepest/f.txt"
chmod 0750 "$T/sub"
ln -s t "$tmp/tl"               # the top path itself is followed
printf 'q"b\\n\n\001\377\177' >"$F/esc.bin"
head -c 300000 /dev/zero | tr '\0' x >"$F/big"
head -c 262144 /dev/zero | tr '\0' y >"$F/exact"
: >"$W/w.txt"; : >"$W/long"; : >"$W/max"
long=$(head -c 70000 /dev/zero | tr '\0' v)
pre=$(printf '41\twrite\t%s\t' "$W/max")
fill=$(head -c $((65535 - ${#pre})) /dev/zero | tr '\0' m)  # line = 65536 bytes with \n

# --- one batch with every op, garbage in between --------------------------
{
    printf '1\thello\n'
    printf '2\tread\t%s\n3\tread\t%s\n' "$T/a.txt" /sys/devices/system/node/node0/cpulist
    printf '4\tread\t%s/missing\n5\tread\t%s\n' "$F" "$F"
    printf '6\tread\t%s\n7\tread\t%s\n8\tread\t%s\n' "$F/big" "$F/exact" "$F/esc.bin"
    printf '9\ttree\t%s\n10\ttree\t%s\t1\n11\ttree\t%s\t2\n' "$T" "$T" "$T"
    printf '12\ttree\t%s\t1\n13\ttree\t%s/missing\n14\ttree\t%s\n' "$tmp/tl" "$T" "$T/a.txt"
    printf '15\ttree\t%s/\t1\n16\ttree\t%s\tx\n17\ttree\t%s\t0\n' "$T" "$T" "$T"
    printf '18\twrite\t%s\thello world\n19\tread\t%s\n' "$W/w.txt" "$W/w.txt"
    printf '20\twrite\t%s/nodir/x\tv\n21\twrite\t%s\tv\n' "$W" "$T/sub"
    printf '22\trun\t/bin/echo\thi\n23\trun\t/bin/sh\t-c\texit 3\n24\trun\t/bin/false\n'
    printf '25\trun\t/bin/sh\t-c\tkill -TERM $$\n'
    printf '26\trun\t/bin/sh\t-c\techo out; echo err >&2\n27\trun\t/bin/cat\n'
    printf '28\trun\t/bin/sh\t-c\tyes | head -c 2000000\n'
    printf '29\trun\t/nonexistent/prog\n30\trun\tbin/echo\n'
    printf '31\tfrobnicate\n32\tread\n33\thello\textra\n'
    printf 'abc\thello\n-5\thello\n0\thello\n99999999999\thello\n' # bad IDs
    printf '\0\001\376\377\200\tread\n\200\377\thello\n'           # binary
    printf '34\tread\t%s\0\377\n' "$T/a.txt"                 # NUL after the ID
    printf '\n'                                                # ignored
    printf '40\twrite\t%s\t%s\n' "$W/long" "$long"            # too long
    printf '%s%s\n' "$pre" "$fill"                            # at the bound
    printf '42\twrite\t%s\t%s\n' "$W/long" "$fill"            # 1 byte over
    printf '43\thello\n'
} >"$tmp/req"
"${agent[@]}" - <"$tmp/req" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && pass || fail "batch: exit $rc, stderr: $(head -c 500 "$tmp/err")"

check "every line a reply, ASCII" true \
    "all(l.startswith(b'@hms ') for l in RAW.split(b'\n')[:-1]) and max(RAW) < 128 and RAW.endswith(b'\n')"
check "one end reply per request, in order" \
    "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 0, 0, 0, 0, 0, 0, 34, 0, 41, 0, 43]" \
    "[r['id'] for r in R if r.get('end')]"
check "end reply is last of its request" true \
    "all(R[k+1]['id'] != r['id'] for k, r in enumerate(R[:-1]) if r.get('end') and r['id'])"
# hello
check "unsolicited hello" "hmsabi-agent 2 stdio true" \
    "' '.join([R[0]['agent'], str(R[0]['protocol']), R[0]['transport'], json.dumps(R[0]['op'] == 'hello' and R[0]['id'] == 0)])"
check "hello release" "$(uname -r)" "end(1)['release']"
check "hello machine" "$(uname -m)" "end(1)['machine']"
check "hello repeats the greeting" true "dict(end(1), id=0) == R[0]"
# read
check "read file" '{"id": 2, "op": "read", "path": "'"$T"'/a.txt", "mode": "0644", "value": "A\n", "truncated": false, "end": true}' "end(2)"
check "read sysfs cpulist" "$(cat /sys/devices/system/node/node0/cpulist)" "end(3)['value'].rstrip('\n')"
check "read sysfs mode" 0444 "end(3)['mode']"
check "read missing" "2 ENOENT False" "'%d %s %s' % (end(4)['errno'], end(4)['error'], 'value' in end(4))"
check "read dir" "EISDIR 0755" "end(5)['error'] + ' ' + end(5)['mode']"
check "read truncated" "262144 true" "'%d %s' % (len(end(6)['value']), json.dumps(end(6)['truncated']))"
check "read exactly the bound" "262144 false" "'%d %s' % (len(end(7)['value']), json.dumps(end(7)['truncated']))"
check "escaping, decoded" true "end(8)['value'].encode('latin-1') == open('$F/esc.bin', 'rb').read()"
check "escaping, on the wire" 1 "RAW.count(b'\"value\":\"q\\\\\"b\\\\\\\\n\\\\u000a\\\\u0001\\\\u00ff\\\\u007f\"')"
# tree
full="Z.txt:file a.txt:file fifo:other link:link noread:file sub:dir sub/c.txt:file sub/deeper:dir sub/deeper/deepest:dir sub/deeper/deepest/f.txt:file sub/deeper/e.txt:file subl:link"
check "tree order, pre-order, strcmp" "$full" "listing(9)"
check "tree count" "12 12" "'%d %d' % (end(9)['count'], len(ents(9)))"
check "tree done" done "end(9)['op']"
check "tree file" '{"id": 9, "op": "entry", "path": "'"$T"'/a.txt", "type": "file", "mode": "0644", "value": "A\n", "truncated": false}' "ent(9, 'a.txt')"
check "tree link target" "a.txt sub" "ent(9, 'link')['target'] + ' ' + ent(9, 'subl')['target']"
check "tree link not followed" "[]" "[e['path'] for e in ents(9) if '/subl/' in e['path']]"
check "tree no-read file" '{"id": 9, "op": "entry", "path": "'"$T"'/noread", "type": "file", "mode": "0200"}' "ent(9, 'noread')"
check "tree fifo" '{"id": 9, "op": "entry", "path": "'"$T"'/fifo", "type": "other", "mode": "0644"}' "ent(9, 'fifo')"
check "tree dir mode" 0750 "ent(9, 'sub')['mode']"
check "tree depth 1" "Z.txt:file a.txt:file fifo:other link:link noread:file sub:dir subl:link" "listing(10)"
check "tree depth 2" "Z.txt:file a.txt:file fifo:other link:link noread:file sub:dir sub/c.txt:file sub/deeper:dir subl:link" "listing(11)"
check "tree top link followed" "Z.txt:file a.txt:file fifo:other link:link noread:file sub:dir subl:link" "listing(12, '$tmp/tl')"
check "tree missing" "0 ENOENT" "'%d %s' % (end(13)['count'], end(13)['error'])"
check "tree of a file" ENOTDIR "end(14)['error']"
check "tree trailing slash" true "[e['path'] for e in ents(15)] == [e['path'] for e in ents(10)]"
check "tree bad depth" EINVAL "end(16)['error']"
check "tree depth 0" "0 []" "'%d %s' % (end(17)['count'], ents(17))"
# write
check "write" '{"id": 18, "op": "write", "path": "'"$W"'/w.txt", "ok": true, "end": true}' "end(18)"
check "write then read" "hello world" "end(19)['value']"
[ "$(cat "$W/w.txt")" == "hello world" ] && pass || fail "write: file holds [$(cat "$W/w.txt")]"
check "write missing dir" ENOENT "end(20)['error']"
check "write to a dir" EISDIR "end(21)['error']"
# run
check "run echo" '{"id": 22, "op": "run", "status": 0, "output": "hi\n", "truncated": false, "timeout": false, "end": true}' "end(22)"
check "run exit code" 3 "end(23)['status']"
check "run failing" 1 "end(24)['status']"
check "run killed by signal" 143 "end(25)['status']"
check "run stdout+stderr" '"out\nerr\n"' "json.dumps(end(26)['output'])"
check "run stdin is /dev/null" '0 ""' "'%d \"%s\"' % (end(27)['status'], end(27)['output'])"
check "run output bound" "0 1048576 true" "'%d %d %s' % (end(28)['status'], len(end(28)['output']), json.dumps(end(28)['truncated']))"
check "run missing program" ENOENT "end(29)['error']"
check "run relative path" EINVAL "end(30)['error']"
# errors and garbage
check "unknown op" '{"id": 31, "op": "frobnicate", "errno": 22, "error": "EINVAL", "message": "unknown op", "end": true}' "end(31)"
check "missing argument" "read EINVAL" "end(32)['op'] + ' ' + end(32)['error']"
check "extra argument" "hello EINVAL" "end(33)['op'] + ' ' + end(33)['error']"
check "NUL byte after the ID" "EINVAL NUL byte in request" "end(34)['error'] + ' ' + end(34)['message']"
check "garbage lines" "EINVAL EINVAL EINVAL EINVAL EINVAL EINVAL E2BIG E2BIG" \
    "' '.join(r['error'] for r in R if r['id'] == 0 and r['op'] == 'error')"
check "line at the bound accepted" true "end(41)['ok']"
[ "$(wc -c <"$W/max")" -eq ${#fill} ] && pass || fail "line at bound: wrote $(wc -c <"$W/max") bytes"
[ ! -s "$W/long" ] && pass || fail "an over-long line was executed"

# --- mempolicy: raw syscalls on the host's node 0 --------------------------
# The host may have one NUMA node only, so these are the results that hold
# on any machine: placement on node 0, and the errno traps of abi-notes.
mp() { printf '%s\tmempolicy' "$1"; shift; printf '\t%s' "$@"; printf '\n'; }
{
    mp 1 call=mbind mode=2 nodes=0 touch=1 pages=3          # BIND node 0
    mp 2 call=set_mempolicy mode=9                          # no such mode
    mp 3 call=mbind mode=2 nodes=0 flags=8                  # MPOL_MF_LAZY
    mp 4 call=get_mempolicy flags=3 addr=null               # F_NODE|F_ADDR, NULL
    mp 5 call=get_mempolicy maxnode=0                       # maxnode < nr_node_ids
    mp 6 call=set_mempolicy mode=3 nodes=0 touch=1          # INTERLEAVE...
    mp 7 call=get_mempolicy                                 # ...then reset to DEFAULT
    mp 8 call=get_mempolicy tmode=2 tnodes=0                # set, read back
    mp 9 call=home_node vmode=3 vnodes=0                    # INTERLEAVE range
    mp 10 call=home_node vmode=2 vnodes=0                   # BIND range
    mp 11 call=home_node                                    # no policy at all
    mp 12 call=mbind addr=unmapped mode=2 nodes=0           # hole
    mp 13 call=move_pages to=5000                           # node out of range
    mp 14 call=move_pages                                   # query only
    mp 15 call=mbind bogus=1
    mp 16 call=mbind mode=2 nodes=null                      # NULL mask = empty
    mp 17 call=mbind mode=2 nodes=0 addr=unaligned
    mp 18 call=frob
    mp 19 call=mbind mode=2 nodes=0 pages=0                 # empty range: 0 first
    mp 20 call=set_mempolicy mode=$((2 | 1 << 15 | 1 << 14)) nodes=0   # STATIC|RELATIVE
    mp 21 call=set_mempolicy mode=$((3 | 1 << 13)) nodes=0  # NUMA_BALANCING w/ INTERLEAVE
    mp 22 call=get_mempolicy flags=4                        # MEMS_ALLOWED
    mp 23 call=mbind mode=2 nodes=0 maxnode=40000           # maxnode > PAGE_SIZE*8
    # The range is reused from case to case: it must look fresh every time.
    mp 24 call=mbind mode=2 nodes=0 pages=2 touch=1         # a policy and pages...
    mp 25 call=get_mempolicy flags=2 pages=2                # ...no range policy left
    mp 26 call=set_mempolicy mode=0 pages=3 place=1         # ...and no page left
    mp 27 call=get_mempolicy flags=2 pages=0                # empty range: nothing mapped
    mp 28 call=home_node vmode=2 vnodes=0 pages=4096        # the largest range
    mp 29 call=mbind mode=2 nodes=0 addr=unaligned pages=4096 touch=1
    mp 30 call=set_mempolicy mode=0 pages=2 touch=1          # shrunk...
    mp 31 call=set_mempolicy mode=0 pages=8 place=1          # ...and grown: still fresh
    # Protocol 2: a second process, a reaped pid, privilege dropping, page kinds, a bad mask.
    mp 32 call=move_pages pid=gone to=0                     # a reaped child's pid
    mp 33 call=migrate_pages pid=gone from=0 to=0
    mp 34 call=move_pages pid=child tmode=2 tnodes=0        # the child's own pages, inherited BIND
    mp 35 call=move_pages pid=child child=shared to=0 flags=2
    mp 36 call=move_pages populate=none to=0                # never faulted
    mp 37 call=move_pages populate=read                     # the zero page
    mp 38 call=mbind mode=2 nodes=bad                       # mask pointer nothing is mapped at
    mp 39 call=migrate_pages from=0 to=bad pages=0
    mp 40 call=get_mempolicy nodes=bad
    mp 41 call=mbind mode=2 nodes=0 pid=child child=bogus
    mp 42 call=mbind mode=2 nodes=0 populate=maybe
    mp 43 call=mbind mode=2 nodes=0 uid=70000
    # Shared and file-backed ranges (the agent's tmpfs file in HMSABI_TMPFS, a tmpfs on the host).
    mp 44 call=mbind mode=2 nodes=0 touch=1 backing=memfd            # BIND on a memfd
    mp 45 call=set_mempolicy mode=1 nodes=0 touch=1 backing=tmpfs    # PREFERRED, a tmpfs file
    mp 46 call=set_mempolicy mode=3 nodes=0 touch=1 backing=page-cache pages=3  # write(2) under INTERLEAVE
    mp 47 call=get_mempolicy flags=2 vmode=2 vnodes=0 backing=memfd addr=alias touch=1  # the shared policy, seen twice
    mp 48 call=get_mempolicy flags=2 backing=memfd addr=alias        # ...and gone after the case
    mp 49 call=get_mempolicy flags=2 backing=memfd place=1 pages=2   # the file is empty again: no page
    mp 50 call=mbind mode=2 nodes=0 addr=alias                       # alias of an anonymous range
    mp 51 call=mbind mode=2 nodes=0 backing=bogus
    mp 52 call=mbind mode=2 nodes=0 touch=1 pages=2                  # anonymous again afterwards
    mp 53 call=mbind mode=2 nodes=0 touch=1 pages=1 backing=hugetlb  # one 2 MiB page, if the pool has one
    mp 54 call=mbind mode=2 nodes=0 backing=hugetlb pages=65         # more than 64 huge pages
    mp 55 call=get_mempolicy flags=2 backing=hugetlb addr=alias      # a private range has no second mapping
    mp 56 call=set_mempolicy mode=0 pages=2 place=1                  # anonymous, fresh, afterwards
    mp 57 call=mbind mode=2 nodes=0 touch=1 pages=1 backing=thp      # one 2 MiB THP range, every base page placed
    mp 58 call=mbind mode=2 nodes=0 backing=thp pages=9              # more than 8 THP pages
    mp 59 call=mbind mode=2 nodes=0 pages=1 backing=thp cut=first    # a policy on part of a THP range
    mp 60 call=mbind mode=2 nodes=0 pages=0 cut=last                 # no page to leave out
    mp 61 call=set_mempolicy mode=0 pages=2 place=1                  # anonymous, fresh, after thp
} >"$tmp/mpreq"
# Unprivileged cases need root to drop from (and a kernel that lets root fork).
if [ "$(id -u)" -eq 0 ]; then
    {
        mp 1 call=move_pages flags=4 to=0 uid=65534          # MOVE_ALL without CAP_SYS_NICE
        mp 2 call=mbind mode=2 nodes=0 flags=4 prefault=1 uid=65534
        mp 3 call=move_pages pid=child to=0 uid=65534        # a root process's pages
        mp 4 call=migrate_pages pid=child from=0 to=0 uid=65534
        mp 5 call=migrate_pages from=0 to=0 pages=0 uid=65534  # its own: allowed
        mp 6 call=get_mempolicy tmode=2 tnodes=0 uid=65534   # the worker's policy, not the agent's...
        mp 7 call=get_mempolicy                              # ...which stays DEFAULT
        mp 8 call=mbind mode=2 nodes=0 pages=2 prefault=1 flags=2 uid=65534  # on the agent's range (shared memory)
        mp 9 call=get_mempolicy flags=2 pages=2              # the range's policy is undone with the range
        mp 10 call=move_pages pid=gone to=0 uid=65534        # a reaped child's pid...
        mp 11 call=migrate_pages pid=gone from=0 to=0        # ...and again
        mp 12 call=move_pages pid=child child=shared to=0 place=1 pages=2  # a second process after the workers
    } >"$tmp/uidreq"
    "${agent[@]}" - <"$tmp/uidreq" >"$tmp/uid" 2>"$tmp/err"
    check "uid: move_pages MOVE_ALL" "-1 EPERM" "'%d %s' % (end(1)['result'], end(1)['error'])" "$tmp/uid"
    check "uid: mbind MOVE_ALL" "-1 EPERM" "'%d %s' % (end(2)['result'], end(2)['error'])" "$tmp/uid"
    check "uid: move_pages of root's child" "EPERM 1" "'%s %d' % (end(3)['error'], end(3)['placementErrno'])" "$tmp/uid"
    check "uid: migrate_pages of root's child" EPERM "end(4)['error']" "$tmp/uid"
    check "uid: migrate_pages of itself" 0 "end(5)['result']" "$tmp/uid"
    check "uid: policy set in the worker" "2 [0]" "'%d %s' % (end(6)['policy'], end(6)['nodes'])" "$tmp/uid"
    check "uid: agent's policy untouched" 0 "end(7)['policy']" "$tmp/uid"
    check "uid: worker's mbind MF_MOVE of its pages" "0 [0, 0]" "'%d %s' % (end(8)['result'], end(8)['pages'])" "$tmp/uid"
    check "uid: range policy undone" 0 "end(9)['policy']" "$tmp/uid"
    check "uid: reaped pid" "ESRCH ESRCH" "end(10)['error'] + ' ' + end(11)['error']" "$tmp/uid"
    check "uid: second process after the workers" "0 [0, 0]" "'%d %s' % (end(12)['result'], end(12)['status'])" "$tmp/uid"
    # A process that cannot be started is a setup failure named by its step. An unused uid whose
    # process limit leaves room for the agent and its worker, not for one more (setpriv drops root's
    # capabilities, so the limit holds).
    if command -v setpriv >/dev/null && command -v prlimit >/dev/null && ! pgrep -u 65533 >/dev/null; then
        {
            mp 1 call=move_pages pid=gone to=0 uid=65533     # the worker starts, the reaped child cannot
            mp 2 call=move_pages pid=child to=0 uid=65533    # nor the second process
        } >"$tmp/limitreq"
        chmod o+x "$tmp" # the agent is run as that uid
        setpriv --reuid=65533 --regid=65533 --clear-groups prlimit --nproc=2 "${agent[@]}" - <"$tmp/limitreq" >"$tmp/limit" 2>"$tmp/err"
        check "limit: reaped child not started" "EAGAIN agent could not fork" "end(1)['error'] + ' ' + end(1)['message']" "$tmp/limit"
        check "limit: second process not started" "EAGAIN agent could not start its second process" \
            "end(2)['error'] + ' ' + end(2)['message']" "$tmp/limit"
    fi
else
    echo "test-agent: uid checks skipped (not root)"
fi
if [ "$(stat -f -c %T "$shm" 2>/dev/null)" != tmpfs ]; then
    fail "no tmpfs at $shm for the agent's file (set HMSABI_TEST_TMPFS)"
fi
HMSABI_TMPFS="$shm" "${agent[@]}" - <"$tmp/mpreq" >"$tmp/mp" 2>"$tmp/err"
check "mempolicy: one reply each" "$(python3 -c 'print(list(range(62)))')" \
    "[r['id'] for r in R if r.get('end')]" "$tmp/mp"
check "mempolicy: BIND node 0 places there" "0 [0, 0, 0]" "'%d %s' % (end(1)['result'], end(1)['pages'])" "$tmp/mp"
check "mempolicy: bad mode" "-1 EINVAL" "'%d %s' % (end(2)['result'], end(2)['error'])" "$tmp/mp"
check "mempolicy: MF_LAZY" EINVAL "end(3)['error']" "$tmp/mp"
check "mempolicy: F_ADDR with NULL" EFAULT "end(4)['error']" "$tmp/mp"
check "mempolicy: get maxnode 0" EINVAL "end(5)['error']" "$tmp/mp"
check "mempolicy: interleave over node 0" "[0, 0, 0, 0]" "end(6)['pages']" "$tmp/mp"
check "mempolicy: policy reset after a case" "0 []" "'%d %s' % (end(7)['policy'], end(7)['nodes'])" "$tmp/mp"
check "mempolicy: set, read back" "2 [0]" "'%d %s' % (end(8)['policy'], end(8)['nodes'])" "$tmp/mp"
check "mempolicy: home node needs BIND" EOPNOTSUPP "end(9)['error']" "$tmp/mp"
check "mempolicy: home node on BIND" 0 "end(10)['result']" "$tmp/mp"
check "mempolicy: home node, no policy" ENOENT "end(11)['error']" "$tmp/mp"
check "mempolicy: mbind on a hole" EFAULT "end(12)['error']" "$tmp/mp"
check "mempolicy: move_pages to node 5000" ENODEV "end(13)['error']" "$tmp/mp"
check "mempolicy: move_pages query" "0 [0, 0, 0, 0]" "'%d %s' % (end(14)['result'], end(14)['status'])" "$tmp/mp"
check "mempolicy: unknown key" "EINVAL bogus=1" "end(15)['error'] + ' ' + end(15)['arg']" "$tmp/mp"
check "mempolicy: NULL mask" EINVAL "end(16)['error']" "$tmp/mp"
check "mempolicy: unaligned start" EINVAL "end(17)['error']" "$tmp/mp"
check "mempolicy: unknown call" "unknown call" "end(18)['message']" "$tmp/mp"
check "mempolicy: empty range" 0 "end(19)['result']" "$tmp/mp"
check "mempolicy: STATIC|RELATIVE" EINVAL "end(20)['error']" "$tmp/mp"
check "mempolicy: NUMA_BALANCING with INTERLEAVE" EINVAL "end(21)['error']" "$tmp/mp"
check "mempolicy: MEMS_ALLOWED" "0 True" "'%d %s' % (end(22)['result'], 0 in end(22)['nodes'])" "$tmp/mp"
check "mempolicy: maxnode too large" EINVAL "end(23)['error']" "$tmp/mp"
check "mempolicy: reused range, policy gone" "0 0" "'%d %d' % (end(25)['result'], end(25)['policy'])" "$tmp/mp"
check "mempolicy: reused range, pages gone" "[-2, -2, -2]" "end(26)['pages']" "$tmp/mp"
check "mempolicy: empty range is unmapped" EFAULT "end(27)['error']" "$tmp/mp"
check "mempolicy: largest range" 0 "end(28)['result']" "$tmp/mp"
check "mempolicy: unaligned, largest range" "EINVAL 4096 True" \
    "'%s %d %s' % (end(29)['error'], len(end(29)['pages']), set(end(29)['pages']) <= {0})" "$tmp/mp"
check "mempolicy: shrunk range" "[0, 0]" "end(30)['pages']" "$tmp/mp"
check "mempolicy: grown range, no page" "[-2, -2, -2, -2, -2, -2, -2, -2]" "end(31)['pages']" "$tmp/mp"
check "mempolicy: move_pages, reaped pid" "-1 ESRCH" "'%d %s' % (end(32)['result'], end(32)['error'])" "$tmp/mp"
check "mempolicy: migrate_pages, reaped pid" ESRCH "end(33)['error']" "$tmp/mp"
check "mempolicy: child's own pages" "0 [0, 0, 0, 0]" "'%d %s' % (end(34)['result'], end(34)['pages'])" "$tmp/mp"
check "mempolicy: shared with a child, MOVE_ALL" "0 [0, 0, 0, 0]" "'%d %s' % (end(35)['result'], end(35)['status'])" "$tmp/mp"
check "mempolicy: never faulted: ENOENT or EFAULT" true "set(end(36)['status']) <= {-2, -14} and len(end(36)['status']) == 4" "$tmp/mp"
check "mempolicy: zero page" "[-14, -14, -14, -14]" "end(37)['status']" "$tmp/mp"
check "mempolicy: bad mask address" EFAULT "end(38)['error']" "$tmp/mp"
check "mempolicy: migrate_pages bad new mask" EFAULT "end(39)['error']" "$tmp/mp"
check "mempolicy: get_mempolicy bad output mask" EFAULT "end(40)['error']" "$tmp/mp"
check "mempolicy: bad child=" "EINVAL child=bogus" "end(41)['error'] + ' ' + end(41)['arg']" "$tmp/mp"
check "mempolicy: bad populate=" "EINVAL populate=maybe" "end(42)['error'] + ' ' + end(42)['arg']" "$tmp/mp"
check "mempolicy: uid out of range" "EINVAL uid=70000" "end(43)['error'] + ' ' + end(43)['arg']" "$tmp/mp"
check "mempolicy: memfd BIND" "0 [0, 0, 0, 0]" "'%d %s' % (end(44)['result'], end(44)['pages'])" "$tmp/mp"
check "mempolicy: tmpfs file PREFERRED" "0 [0, 0, 0, 0]" "'%d %s' % (end(45)['result'], end(45)['pages'])" "$tmp/mp"
check "mempolicy: page cache written" "0 [0, 0, 0]" "'%d %s' % (end(46)['result'], end(46)['pages'])" "$tmp/mp"
check "mempolicy: shared policy through the second mapping" "0 2 [0] [0, 0, 0, 0]" \
    "'%d %d %s %s' % (end(47)['result'], end(47)['policy'], end(47)['nodes'], end(47)['pages'])" "$tmp/mp"
check "mempolicy: shared policy dropped after the case" "0 0" "'%d %d' % (end(48)['result'], end(48)['policy'])" "$tmp/mp"
check "mempolicy: file truncated after the case" "[-2, -2]" "end(49)['pages']" "$tmp/mp"
check "mempolicy: alias needs a file" "EINVAL addr=alias" "end(50)['error'] + ' ' + end(50)['arg']" "$tmp/mp"
check "mempolicy: unknown backing" "EINVAL backing=bogus" "end(51)['error'] + ' ' + end(51)['arg']" "$tmp/mp"
check "mempolicy: anonymous after a file" "0 [0, 0]" "'%d %s' % (end(52)['result'], end(52)['pages'])" "$tmp/mp"
# The host's pool decides: a huge page placed on node 0, or no call and a named reason.
check "mempolicy: hugetlb page, or none available" true \
    "end(53).get('pages') == [0] or (end(53).get('error'), end(53).get('message')) == ('ENOMEM', 'no huge page available')" "$tmp/mp"
check "mempolicy: hugetlb, too many pages" "EINVAL pages=65" "end(54)['error'] + ' ' + end(54)['arg']" "$tmp/mp"
check "mempolicy: hugetlb has no second mapping" "EINVAL addr=alias" "end(55)['error'] + ' ' + end(55)['arg']" "$tmp/mp"
check "mempolicy: anonymous after hugetlb" "[-2, -2]" "end(56)['pages']" "$tmp/mp"
# Every base page of the THP range is placed; the host's THP setting decides whether it was one THP
# (AnonHugePages 2048 kB after the touch) or 512 base pages (0 kB): both are a well-formed answer.
check "mempolicy: thp range placed per base page" "0 512 True" \
    "'%d %d %s' % (end(57)['result'], len(end(57)['pages']), set(end(57)['pages']) == {0} and end(57)['thpKb'][0] == 0 and end(57)['thpKb'][1] in (0, 2048))" "$tmp/mp"
check "mempolicy: thp, too many pages" "EINVAL pages=9" "end(58)['error'] + ' ' + end(58)['arg']" "$tmp/mp"
check "mempolicy: thp range cut by a base page" "0" "'%d' % end(59)['result']" "$tmp/mp"
check "mempolicy: cut of an empty range" "EINVAL cut=last" "end(60)['error'] + ' ' + end(60)['arg']" "$tmp/mp"
check "mempolicy: anonymous after thp" "[-2, -2]" "end(61)['pages']" "$tmp/mp"

# --- hugetlb-race: move_pages12's race, bounded ------------------------------
# Its arguments are checked before anything starts; a run leaves no second process behind (the
# run op's shell lists the agent's children: none may be another hmsabi-agent). Where this host's
# pool has no two free 2 MiB pages, the race cannot run: the reply must say so (ENOMEM, no huge page
# available). The race itself provokes kernel bugs on the kernel it runs on, here the build
# machine's: it runs only as root, on a host with 2 free huge pages, with HMSABI_TEST_HUGETLB_RACE=1
# (then on node 0 alone); otherwise request 1 is one the agent refuses before starting anything.
free_huge=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo 2>/dev/null)
if [ "${free_huge:-0}" -lt 2 ]; then
    race_run=enomem
elif [ "$(id -u)" -eq 0 ] && [ "${HMSABI_TEST_HUGETLB_RACE:-}" = 1 ]; then
    race_run=race
else
    race_run=skipped
fi
{
    if [ "$race_run" = skipped ]; then
        printf '1\thugetlb-race\tnodes=0,0\tms=0\n'
    else
        printf '1\thugetlb-race\tnodes=0,0\tms=300\n'
    fi
    printf '2\trun\t/bin/sh\t-c\tcat /proc/[0-9]*/stat 2>/dev/null | awk -v p=$PPID '"'"'$4 == p && $2 == "(hmsabi-agent)"'"'"'\n'
    printf '3\thugetlb-race\tnodes=0\n'
    printf '4\thugetlb-race\tms=5\n'
    printf '5\thugetlb-race\tnodes=0,0\tms=10001\n'
    printf '6\thugetlb-race\tnodes=0,0\tpages=9\n'
    printf '7\thugetlb-race\tnodes=0,0\toffline=2\n'
    printf '8\thugetlb-race\tnodes=0,0\tbogus=1\n'
    printf '9\thugetlb-race\n'
} >"$tmp/racereq"
"${agent[@]}" - <"$tmp/racereq" >"$tmp/race" 2>"$tmp/err"
check "hugetlb-race: one reply each" "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" "[r['id'] for r in R if r.get('end')]" "$tmp/race"
check "hugetlb-race: no second process left" "" "end(2)['output'].strip()" "$tmp/race"
check "hugetlb-race: bad arguments" "nodes=0 nodes ms=10001 pages=9 offline=2 bogus=1" \
    "' '.join(end(i)['arg'] for i in range(3, 9))" "$tmp/race"
check "hugetlb-race: too few arguments" "EINVAL wrong number of arguments" "end(9)['error'] + ' ' + end(9)['message']" "$tmp/race"
case "$race_run" in
race)
    # Moves to the node the pages are on: every status is node 0, or an address between rounds.
    check "hugetlb-race: a race on node 0" "True True 0 True" \
        "'%s %s %d %s' % (end(1)['moves'] > 0, end(1)['rounds'] > 0, end(1)['sigbus'], set(end(1)['statusValues']) <= {0, -2, -14, -16, -13})" "$tmp/race" ;;
enomem)
    check "hugetlb-race: no free huge page" "ENOMEM no huge page available" "end(1)['error'] + ' ' + end(1)['message']" "$tmp/race"
    echo "test-agent: hugetlb-race run skipped (this host has ${free_huge:-no} free 2 MiB huge pages, it needs 2; its ENOMEM reply was checked instead)" ;;
skipped)
    check "hugetlb-race: refused before it starts" "EINVAL ms=0" "end(1)['error'] + ' ' + end(1)['arg']" "$tmp/race"
    echo "test-agent: hugetlb-race run skipped (it needs root and HMSABI_TEST_HUGETLB_RACE=1: it provokes kernel bugs on this host's kernel)" ;;
esac

# --- backing=ksm ------------------------------------------------------------
# The agent reads the range's page frames (/proc/kpageflags: root) and only reads
# /sys/kernel/mm/ksm/run: this test never starts ksmd on the build machine. With ksmd
# stopped (the usual host) the wait ends at once ("not-running"); where it runs, the
# pages merge or the wait gives up at its bound (5 s here).
if [ ! -e /sys/kernel/mm/ksm/run ]; then
    echo "SKIP: backing=ksm: this kernel has no KSM (/sys/kernel/mm/ksm/run is missing; CONFIG_KSM)"
elif [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: backing=ksm: not root (the agent reads /proc/kpageflags)"
else
    {
        # move_pages queries (valgrind has no migrate_pages; the guest test migrates them)
        mp 1 call=move_pages backing=ksm pages=20                  # LTP migrate_pages03's 20 pages
        mp 2 call=move_pages backing=ksm pages=3 uid=65534         # the call unprivileged, the counts as root
        mp 3 call=move_pages backing=ksm pages=2 touch=1           # a write after the call: COW, no longer KSM
        mp 4 call=get_mempolicy flags=2 backing=ksm addr=alias            # a private range has no second mapping
        mp 5 call=set_mempolicy mode=0 pages=2 place=1                    # anonymous, fresh, after ksm
    } | HMSABI_KSM_WAIT_MS=5000 "${agent[@]}" - >"$tmp/ksm"
    ksmrun=$(cat /sys/kernel/mm/ksm/run)
    if [ "$ksmrun" = 1 ]; then
        want_wait="end(1)['ksmWait'] in ('merged', 'gave-up') and (end(1)['ksmWait'] == 'gave-up' or end(1)['ksm'][0] == 20)"
    else
        want_wait="end(1)['ksmWait'] == 'not-running' and end(1)['ksmWaitMs'] < 1000"
    fi
    check "mempolicy: ksm range, the wait for ksmd (run=$ksmrun)" true "$want_wait" "$tmp/ksm"
    check "mempolicy: ksm range placed, counted before and after" "0 20 2 True" \
        "'%d %d %d %s' % (end(1)['result'], len(end(1)['pages']), len(end(1)['ksm']), all(0 <= n <= 20 for n in end(1)['ksm']))" "$tmp/ksm"
    check "mempolicy: ksm range unprivileged" "0 3 True" \
        "'%d %d %s' % (end(2)['result'], len(end(2)['pages']), all(0 <= n <= 3 for n in end(2)['ksm']))" "$tmp/ksm"
    check "mempolicy: ksm pages written after the call are not KSM" "0" "'%d' % end(3)['ksm'][1]" "$tmp/ksm"
    # smaps has a KSM: line since 6.6 (the build machine's kernel); kpageflags before.
    check "mempolicy: ksm pages counted in smaps or kpageflags" true "end(1)['ksmCount'] in ('smaps', 'kpageflags')" "$tmp/ksm"
    check "mempolicy: ksm has no second mapping" "EINVAL addr=alias" "end(4)['error'] + ' ' + end(4)['arg']" "$tmp/ksm"
    check "mempolicy: anonymous after ksm" "[-2, -2]" "end(5)['pages']" "$tmp/ksm"
fi

# --- end of input, poweroff, timeouts, a vanished host ---------------------
"${agent[@]}" - </dev/null >"$tmp/eof"
rc=$?
[ $rc -eq 0 ] && pass || fail "EOF: exit $rc"
check "EOF: only the hello" "[0]" "[r['id'] for r in R]" "$tmp/eof"
printf '1\thello' | "${agent[@]}" - >"$tmp/last"
check "last line without newline" "[0, 1]" "[r['id'] for r in R]" "$tmp/last"
printf '1\thello\n2\tpoweroff\n3\thello\n' | "${agent[@]}" - >"$tmp/off"
rc=$?
[ $rc -eq 0 ] && pass || fail "poweroff: exit $rc"
check "poweroff reply, then nothing" '[0, 1, 2] true' "'%s %s' % ([r['id'] for r in R], json.dumps(end(2)['ok']))" "$tmp/off"

start=$(date +%s)
printf '1\trun\t/bin/sleep\t10\n2\trun\t/bin/sh\t-c\t/bin/sleep 10 & echo $!\n' |
    HMSABI_RUN_TIMEOUT=1 "${agent[@]}" - >"$tmp/slow"
took=$(($(date +%s) - start))
[ $took -lt 8 ] && pass || fail "timeout: took ${took}s"
check "timeout kills" "137 true" "'%d %s' % (end(1)['status'], json.dumps(end(1)['timeout']))" "$tmp/slow"
check "timeout with a background child" "0 true" "'%d %s' % (end(2)['status'], json.dumps(end(2)['timeout']))" "$tmp/slow"
bg=$(python3 "$tmp/q.py" "$tmp/slow" "end(2)['output'].strip()" "$T")
sleep 0.5
state=$(awk '{print $3}' "/proc/$bg/stat" 2>/dev/null)
[ -z "$state" ] || [ "$state" == Z ] && pass || fail "timeout left process $bg running ($state)"

# Endless requests, and a reader that is gone at once: the agent's next write fails and it must
# exit 1. (Endless bytes without a newline would never make it write, so requests are the input.)
{ yes "$(printf '1\thello')" | "${agent[@]}" - 2>/dev/null; echo "${PIPESTATUS[1]}" >"$tmp/rc"; } | true
[ "$(cat "$tmp/rc")" -eq 1 ] && pass || fail "vanished host: exit $(cat "$tmp/rc"), want 1"

# --- the no-read file and the FIFO are never opened (seen by strace) -------
if command -v strace >/dev/null && [ -z "${VALGRIND:-}" ]; then
    printf '1\ttree\t%s\n' "$T" | strace -f -qq -e trace=open,openat -o "$tmp/trace" "${agent[@]}" - >/dev/null
    grep -q 'a.txt' "$tmp/trace" && ! grep -qE '/(noread|fifo)"' "$tmp/trace" && pass ||
        fail "strace: $(grep -E '/(noread|fifo)"' "$tmp/trace")"
fi

# --- as PID 1 (in a PID namespace, where reboot() ends the namespace with
# SIGINT): orphans are reaped, and neither poweroff nor EOF exits. Not under
# valgrind: it does not emulate reboot(2), so the agent rightly waits forever.
as_pid1=(timeout -s KILL 30 unshare --pid --fork --kill-child --mount-proc)
if [ -z "${VALGRIND:-}" ] && "${as_pid1[@]}" true 2>/dev/null; then
    printf '1\trun\t/bin/sh\t-c\t/bin/sleep 0.1 >/dev/null 2>&1 &\n2\trun\t/bin/sleep\t0.5\n3\trun\t/bin/sh\t-c\tcat /proc/[0-9]*/stat\n' |
        "${as_pid1[@]}" "${agent[@]}" - >"$tmp/pid1" 2>&1
    rc=$?
    [ $rc -eq 130 ] && pass || fail "PID 1 at EOF: exit $rc, want death by SIGINT (130)"
    check "PID 1 reaps orphans" "[]" "[l for l in end(3)['output'].splitlines() if l.split(') ')[1][0] == 'Z']" "$tmp/pid1"
    printf '1\tpoweroff\n2\thello\n' | "${as_pid1[@]}" "${agent[@]}" - >"$tmp/pid1off" 2>&1
    rc=$?
    [ $rc -eq 130 ] && pass || fail "PID 1 poweroff: exit $rc, want death by SIGINT (130)"
    check "PID 1 poweroff replies first" "[0, 1]" "[r['id'] for r in R]" "$tmp/pid1off"
else
    echo "test-agent: PID 1 checks skipped (valgrind, or no PID namespaces)"
fi

# --- a tty device: raw mode, transport name, poweroff ----------------------
python3 - "${agent[@]}" <<'EOF' >"$tmp/pty" 2>&1 || fail "pty: $(cat "$tmp/pty")"
import json, os, pty, select, subprocess, sys, termios
master, slave = pty.openpty()
path = os.ttyname(slave)
p = subprocess.Popen(sys.argv[1:] + [path], stdin=subprocess.DEVNULL)
def read_line(timeout=20):
    buf = b''
    while not buf.endswith(b'\n'):
        r, _, _ = select.select([master], [], [], timeout)
        assert r, 'no reply, got %r' % buf
        buf += os.read(master, 1)
    return buf
hello = read_line()
iflag, oflag, cflag, lflag = termios.tcgetattr(slave)[:4]
assert not lflag & (termios.ECHO | termios.ICANON), 'not raw'
assert not oflag & termios.OPOST and cflag & termios.CLOCAL, 'not raw'
assert not iflag & (termios.IXON | termios.IXOFF | termios.ICRNL), 'flow control'
os.write(master, b'7\thello\n8\tpoweroff\n')
r1, r2 = read_line(), read_line()
for line in (hello, r1, r2):
    assert line.startswith(b'@hms {') and not line.endswith(b'\r\n'), line
assert json.loads(hello[5:])['transport'] == os.path.basename(path), hello
assert json.loads(r1[5:])['id'] == 7 and json.loads(r2[5:])['op'] == 'poweroff', (r1, r2)
assert p.wait(timeout=20) == 0, 'exit %d' % p.returncode
EOF
[ -s "$tmp/pty" ] || pass

echo "test-agent: $checks checks, $fails failed${VALGRIND:+ (under valgrind)}"
[ $fails -eq 0 ]
