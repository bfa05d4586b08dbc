/** Who does something: a person of a workspace. The team always comes from Slack's signed payload. */
export interface Actor {
  teamId: string;
  userId: string;
}
