package gambit.chess;

/**
 * One side's player, as the access token named them when they created or joined the game.
 *
 * @param userId the account's stable id; the identity checked for every action
 * @param username the display name at the time
 */
public record Player(String userId, String username) {}
