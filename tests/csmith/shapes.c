/*
 * shapes.c - input of the asyncify.py golden test (shapes.ac is its output):
 * each shape csmith writes and the rewriter must handle, in csmith's style.
 */

#include "csmith.h"

#pragma pack(push)
#pragma pack(1)
struct S0 {
   int32_t  f0;
   uint8_t  f1;
};
#pragma pack(pop)

static int32_t g_1 = 1L;
static struct S0 g_2 = {2L,3UL};
static int32_t *g_3 = &g_1;

static struct S0  func_1(int32_t  p_2);
static int32_t * func_3(const int32_t  p_4, struct S0  p_5);
static int32_t  func_6(void);

/* prefix tokens before an operand, a call followed by '.', unbraced bodies */
static struct S0  func_1(int32_t  p_2)
{ /* block id: 0 */
    struct S0 l_7 = {0L,0UL};
    int i;
    if (p_2)
        return l_7;
    for (i = 1; i < 3; i++)
        l_7.f0 += func_1(i).f0;
    (*g_3) = -func_6();
    (l_7.f1) = (uint8_t)func_6();
    if (p_2)
        g_1--;
    else if (func_6() > 0)
        g_1++;
    else
    { /* block id: 1 */
        lbl_8:
        g_1 += func_6() || (*func_3(p_2 + 5, l_7));
        if (g_1 < 3) goto lbl_8;
    }
    return g_2;
}

/* switch, do-while, for clauses, nested calls */
static int32_t * func_3(const int32_t  p_4, struct S0  p_5)
{ /* block id: 2 */
    switch (func_6())
    {
        case 0:
            g_1 = p_4;
            break;
        default:
            g_1 = safe_add_func_int32_t_s_s(func_6(), p_5.f0);
    }
    do
        g_1--;
    while (g_1 > func_6());
    for (g_1 = func_6(); (g_1 < func_6()); g_1 += func_6())
    { /* block id: 3 */
        ;
    }
    if (p_4 > 4)
        return g_3;
    return func_3(func_6() + 5, func_1(func_6()));
}

static int32_t  func_6(void)
{ /* block id: 4 */
    return g_1;
}

int main (int argc, char* argv[])
{
    int print_hash_value = 0;
    if (argc == 2 && strcmp(argv[1], "1") == 0) print_hash_value = 1;
    platform_main_begin();
    crc32_gentab();
    func_1(0);
    transparent_crc(g_1, "g_1", print_hash_value);
    platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
    return 0;
}
