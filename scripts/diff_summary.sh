# diff_summary.sh - sourced by csmith_diff.sh and realc_diff.sh: the last
# lines of a differential run. Each line of RESULTS is "ID pass", or
# "ID FAIL reason" / "ID skip reason"; the caller defines kind, a filter
# that reads such lines and prints their reasons counted by kind.
#
#   summarize RESULTS WHERE
#
# prints the failures and the skips by kind (WHERE says where a failing
# item's files are kept), then "N passed, N failed, N skipped"; returns 1
# if any failed.
summarize() {
  local results=$1 where=$2 passed failed skipped
  passed=$(grep -c ' pass$' "$results" || true)
  failed=$(grep -c ' FAIL ' "$results" || true)
  skipped=$(grep -c ' skip ' "$results" || true)
  if [ "$failed" -gt 0 ]; then
    echo "failures (files kept in $where):"
    grep ' FAIL ' "$results" | kind
  fi
  if [ "$skipped" -gt 0 ]; then
    echo "skips:"
    grep ' skip ' "$results" | kind
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}
