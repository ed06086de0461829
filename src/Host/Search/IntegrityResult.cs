namespace LossBench.Host.Search;

/// <summary>
/// The verdict of the <see cref="IntegrityCheck"/>: accepted with the sign that makes the loss grow
/// as the prediction gets worse (and the normalized curve used to spot duplicates), or rejected and why.
/// </summary>
public sealed record IntegrityResult(bool Accepted, int Sign, string? Rejection, double[]? NormalizedCurve)
{
    public static IntegrityResult Reject(string why) => new(false, 0, why, null);

    public bool Flipped => Accepted && Sign < 0;
}
