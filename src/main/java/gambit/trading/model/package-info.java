/**
 * Gambit's trading domain model: instruments and their catalogue, exact decimal amounts, orders,
 * fills, balances, positions and P&L. Plain Java with no Akka and no I/O (beyond reading the
 * catalogue from the classpath once), so the dashboard entity, the price feed and the routes call
 * it and tests run in microseconds. Depends only on {@code gambit.serialization} (the marker that
 * binds events and state to Akka's Jackson serializer).
 *
 * <p>Entry points: {@link gambit.trading.model.InstrumentCatalogue} (the instruments shipped in
 * {@code trading/*.tsv}), {@link gambit.trading.model.OrderRequest#parse} (a request body's
 * fields, refused with a {@link gambit.trading.model.ValidationException} naming the field: HTTP
 * 400), and {@link gambit.trading.model.Account}, the event-sourced state of one dashboard: its
 * command methods return {@link gambit.trading.model.TradingEvent}s or a refusal (HTTP 404, 409 or
 * 422 by {@link gambit.trading.model.RejectReason}), and {@code apply} replays events. Money is
 * {@link java.math.BigDecimal} at the asset's or instrument's scale, never {@code double}; the
 * rounding rules are stated once in {@link gambit.trading.model.Amounts},
 * {@link gambit.trading.model.Settlement} and {@link gambit.trading.model.Position}. Every type
 * here is immutable and safe to share between threads.
 */
package gambit.trading.model;
