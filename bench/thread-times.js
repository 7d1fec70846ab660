'use strict';
// Preloaded into every bench child (`node -r bench/thread-times.js ...`) on Linux: at exit, writes the
// CPU time of the main thread and of all other threads (V8's optimizing compiler and garbage
// collector helpers, libuv) to the file named by CDK8S_FLINK_BENCH_THREADS, from /proc/self/task.
const fs = require('fs');

const out = process.env.CDK8S_FLINK_BENCH_THREADS;
if (out && fs.existsSync('/proc/self/task')) {
  process.on('exit', () => {
    // utime and stime are fields 14 and 15 of stat, counted after the parenthesised command name.
    const ticks = (tid) => {
      const st = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    let main = 0;
    let helpers = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      try {
        if (Number(tid) === process.pid) main += ticks(tid);
        else helpers += ticks(tid);
      } catch {
        // A thread that ended while we read: its time is lost from both.
      }
    }
    // Linux reports clock ticks of 10 ms (USER_HZ 100) on every platform Node supports.
    fs.writeFileSync(out, JSON.stringify({ mainMs: main * 10, helperMs: helpers * 10 }));
  });
}
