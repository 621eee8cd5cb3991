/* plain.ac - no async code: the output is the input, byte for byte, even
 * where C uses the extension's words as names. */
#include <stdio.h>
struct job { int async; int task; };
static int defer(int yield) { return yield + 1; }
int main(void) {
    struct job j = { 1, 2 };
    int try = defer(j.async) + j.task;   /* try, catch: just names */
    printf("%d\n", try);
    return 0;
}
