package gambit.auth;

import gambit.node.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.SetArgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every registered username in one Redis sorted set ({@link AuthKeys#usernames}), for the player
 * search: all scores 0, member {@code <lower-case name>:<name as registered>}, so that Redis'
 * lexicographic range finds exact and prefix matches in O(log N + results). Substring matches
 * have no index: they scan the set with {@code ZSCAN ... MATCH *q*}, reading at most a
 * configured number of names per search.
 *
 * <p>{@link Accounts#create} adds a name right after its account is stored; a Redis failure
 * between the two leaves the name out of the search until it is added again (registrations stay
 * valid). {@link #backfill} adds the accounts stored before the index existed, once per Redis
 * (a marker key records that it ran to the end). Stages fail with
 * {@link gambit.node.StoreUnavailableException} while Redis is unreachable. Thread-safe.
 */
public final class UsernameIndex {

  private static final Logger log = LoggerFactory.getLogger(UsernameIndex.class);
  /** What a search may look for: lower-case username characters only. */
  private static final Pattern QUERY = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final int SCAN_BATCH = 500;

  private final RedisStore redis;
  private final AuthKeys keys;

  public UsernameIndex(RedisStore redis, AuthKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Adds a registered name. */
  public CompletionStage<Void> add(String username) {
    String member = AccountRules.canonical(username) + ":" + username;
    return redis.run(commands -> commands.zadd(keys.usernames(), 0, member))
        .thenApply(added -> null);
  }

  /** True if {@code query} can match a username: 1 to 32 of {@code a-z 0-9 _ -}. */
  public static boolean isSearchable(String query) {
    return QUERY.matcher(query).matches();
  }

  /**
   * Names equal to {@code query}, ignoring case (at most one).
   *
   * @param query lower case, {@link #isSearchable}
   */
  public CompletionStage<List<String>> exact(String query) {
    return range(query + ":", query + ";", 1);
  }

  /**
   * Names that start with {@code query}, ignoring case, in lexicographic order of their lower-case
   * form; the exact match included.
   *
   * @param query lower case, {@link #isSearchable}
   */
  public CompletionStage<List<String>> startingWith(String query, int limit) {
    // every member starting with the query sorts below the query followed by U+00FF, which is
    // above every byte that a lower-case name or the ':' separator uses
    return range(query, query + "\u00ff", limit);
  }

  /**
   * Up to {@code limit} names that contain {@code query}, ignoring case, found by reading at most
   * {@code scanLimit} entries of the index (in Redis' scan order, not alphabetical).
   */
  public CompletionStage<List<String>> containing(String query, int limit, int scanLimit) {
    ScanArgs args = ScanArgs.Builder.matches("*" + query + "*").limit(SCAN_BATCH);
    return scan(ScanCursor.INITIAL, args, query, limit, scanLimit, new ArrayList<>());
  }

  private CompletionStage<List<String>> scan(ScanCursor cursor, ScanArgs args, String query,
      int limit, int budget, List<String> found) {
    return redis.<ScoredValueScanCursor<String>>run(commands ->
            commands.zscan(keys.usernames(), cursor, args))
        .thenCompose(page -> {
          for (var scored : page.getValues()) {
            String[] parts = scored.getValue().split(":", 2);
            if (parts.length == 2 && parts[0].contains(query) && found.size() < limit) {
              found.add(parts[1]);
            }
          }
          int left = budget - SCAN_BATCH;
          if (page.isFinished() || found.size() >= limit || left <= 0) {
            return CompletableFuture.completedFuture(List.copyOf(found));
          }
          return scan(page, args, query, limit, left, found);
        });
  }

  private CompletionStage<List<String>> range(String from, String to, int limit) {
    return redis.run(commands -> commands.zrangebylex(keys.usernames(),
            Range.create(from, to), Limit.create(0, limit)))
        .thenApply(members -> members.stream()
            .map(member -> member.substring(member.indexOf(':') + 1)).toList());
  }

  /**
   * Adds every stored account to the index unless a backfill already completed on this Redis.
   * Reads the account keys with {@code SCAN}; meant to run once at a node's start.
   *
   * @return how many names it added (0 when it had run before)
   */
  public CompletionStage<Integer> backfill() {
    return redis.run(commands -> commands.exists(keys.usernamesComplete()))
        .thenCompose(done -> done > 0 ? CompletableFuture.completedFuture(0)
            : backfill(ScanCursor.INITIAL, 0))
        .thenCompose(added -> redis.run(commands -> commands.set(keys.usernamesComplete(),
                "1", SetArgs.Builder.nx()))
            .thenApply(ignored -> added));
  }

  private CompletionStage<Integer> backfill(ScanCursor cursor, int added) {
    ScanArgs args = ScanArgs.Builder.matches(keys.account("*")).limit(SCAN_BATCH);
    return redis.<KeyScanCursor<String>>run(commands -> commands.scan(cursor, args))
        .thenCompose(page -> addAll(page.getKeys())
            .thenCompose(count -> page.isFinished()
                ? CompletableFuture.completedFuture(logged(added + count))
                : backfill(page, added + count)));
  }

  private CompletionStage<Integer> addAll(List<String> accountKeys) {
    if (accountKeys.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    String[] names = accountKeys.toArray(String[]::new);
    return redis.run(commands -> commands.mget(names)).thenCompose(values -> {
      List<CompletionStage<Void>> adds = new ArrayList<>();
      values.stream().filter(v -> v.hasValue())
          .map(v -> Accounts.read(v.getValue()).username())
          .forEach(username -> adds.add(add(username)));
      return CompletableFuture.allOf(adds.stream().map(CompletionStage::toCompletableFuture)
          .toArray(CompletableFuture[]::new)).thenApply(ignored -> adds.size());
    });
  }

  private static int logged(int added) {
    log.info("Username index backfilled with {} existing accounts", added);
    return added;
  }

  /** Lower-cases a search text the way the index does. */
  public static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
