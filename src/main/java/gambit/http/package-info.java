/**
 * The HTTP API: {@link gambit.http.ApiRoutes} assembles every route under {@code /api};
 * {@link gambit.http.Problems} turns every error into {@code application/problem+json}. Routes
 * are thin: they validate, ask an entity or a service, and map each outcome to one status.
 * Every route that needs a caller goes through the one {@link gambit.http.Authentication}
 * directive; every JSON body through {@link gambit.http.JsonBodies} (400, 413, 415);
 * {@link gambit.http.AuthRoutes} serves accounts and sessions.
 */
package gambit.http;
