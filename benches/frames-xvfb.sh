#!/usr/bin/env bash
# Frame times in the real window, under Xvfb: opens FILE once per phase with
# TIMEBAND_FRAME_STATS=FRAMES (the window closes itself after that many frames and prints the
# frame count and p50 / p95 / max per frame), drives it with xdotool, and prints per phase the
# stats line and the process' peak memory (/usr/bin/time -v).
#
#   benches/frames-xvfb.sh FILE [BINARY]      (BINARY defaults to target/release/timeband)
#
# Environment: DISPLAY_NUM (default :94), FRAMES (default 300), PHASES (default
# "pan zoom-out full hover scrub day"), LOAD_TIMEOUT seconds (default 600).
#   pan       the opening view, dragged left and right on the lanes
#   zoom-out  from the opening view out to the whole extent and past it (`-`), again and again
#   full      the whole extent (F), dragged left and right
#   hover     the whole extent, the pointer moved over the lanes
#   scrub     the whole extent, the cursor dragged along the axis
#   day       one day (F, then 23 × `+` at the middle), dragged left and right
#   year      about a year (F, then 8 × `+`), dragged: of a long data set dated to the day,
#             the widest view still counted by day (not in the default phases)
# Needs Xvfb and xdotool (Debian: apt-get install xvfb xdotool).
set -euo pipefail

FILE=${1:?usage: benches/frames-xvfb.sh FILE [BINARY]}
BIN=${2:-target/release/timeband}
DISPLAY_NUM=${DISPLAY_NUM:-:94}
FRAMES=${FRAMES:-300}
PHASES=${PHASES:-pan zoom-out full hover scrub day}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-600}
# The window opens at the top left of the screen (no window manager): the lanes' middle and a
# point on the date axis, in screen pixels, for the default 1440 × 880 window.
LANES_X=720 LANES_Y=420 AXIS_Y=${AXIS_Y:-112}

Xvfb "$DISPLAY_NUM" -screen 0 1600x1000x24 >/dev/null 2>&1 &
XVFB=$!
APP=
cleanup() {
    [ -n "$APP" ] && kill "$APP" 2>/dev/null || true
    kill "$XVFB" 2>/dev/null || true
}
trap cleanup EXIT
export DISPLAY=$DISPLAY_NUM
sleep 1

alive() { kill -0 "$APP" 2>/dev/null; }

# Drags horizontally at height $1 from the middle, swinging by $2 pixels, until the app closes.
swing() {
    local y=$1 amp=$2 step=6 x=$LANES_X dir=1
    xdotool mousemove $LANES_X "$y" mousedown 1
    while alive; do
        x=$((x + dir * step))
        if [ $x -gt $((LANES_X + amp)) ] || [ $x -lt $((LANES_X - amp)) ]; then dir=$((-dir)); fi
        xdotool mousemove $x "$y" 2>/dev/null || break
        sleep 0.01
    done
    xdotool mouseup 1 2>/dev/null || true
}

keys() { xdotool mousemove $LANES_X $LANES_Y; for _ in $(seq "$2"); do xdotool key "$1"; done; }

for phase in $PHASES; do
    log=$(mktemp)
    TIMEBAND_FRAME_STATS=$FRAMES /usr/bin/time -v "$BIN" "$FILE" 2>"$log" &
    APP=$!
    waited=0
    until grep -q "frame stats: recording" "$log"; do
        sleep 0.5
        waited=$((waited + 1))
        if ! alive || [ $waited -gt $((LOAD_TIMEOUT * 2)) ]; then
            echo "$phase: the window did not show the data set:" >&2
            cat "$log" >&2
            exit 1
        fi
    done
    sleep 1
    # Without a window manager nothing has the keyboard until it is given.
    win=$(xdotool search --pid "$(pgrep -P "$APP" | head -1)" 2>/dev/null | head -1 || true)
    [ -n "$win" ] && xdotool windowfocus "$win" 2>/dev/null || true
    case $phase in
        pan) swing $LANES_Y 300 ;;
        zoom-out)
            xdotool mousemove $LANES_X $LANES_Y
            while alive; do keys minus 30; xdotool key Home 2>/dev/null || true; keys plus 1; done ;;
        full) keys f 1; swing $LANES_Y 300 ;;
        hover)
            keys f 1
            x=100
            while alive; do
                x=$(((x + 7) % 1300 + 60))
                xdotool mousemove $x $((LANES_Y + (x % 200) - 100)) 2>/dev/null || break
                sleep 0.01
            done ;;
        scrub) keys f 1; swing "$AXIS_Y" 500 ;;
        day) keys f 1; keys plus 23; swing $LANES_Y 300 ;;
        year) keys f 1; for _ in $(seq 8); do keys plus 1; sleep 0.2; done; swing $LANES_Y 300 ;;
        *) echo "unknown phase $phase" >&2; exit 2 ;;
    esac 2>/dev/null || true
    wait "$APP" || true
    APP=
    stats=$(grep "^frame stats: [0-9]" "$log" || echo "frame stats: none printed")
    peak=$(grep "Maximum resident set size" "$log" | awk '{printf "%.0f MB", $NF / 1024}')
    echo "$phase: ${stats#frame stats: }; peak $peak"
    rm -f "$log"
done
