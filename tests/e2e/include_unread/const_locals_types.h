/* const_locals_types.h - not on the translator's include path: its
 * typedef is unknown to it (see const_locals.ac). */
typedef struct hidden { int x; } hidden_t;
