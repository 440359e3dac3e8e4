/**
 * The HTTP API: {@link gambit.http.ApiRoutes} assembles every route under {@code /api};
 * {@link gambit.http.Problems} turns every error into {@code application/problem+json}. Routes
 * are thin: they validate, ask an entity or read Redis, and map each outcome to one status.
 */
package gambit.http;
