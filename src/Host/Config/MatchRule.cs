using LossBench.Sdk.Options;

namespace LossBench.Host.Config;

/// <summary>
/// An include or exclude rule: a cell matches when, for every axis named, its value's label or
/// plugin name is one of the given ones (e.g. <c>{ loss: [dice, focal], augmentation: mixup }</c>).
/// Exclude removes matching cells; when include rules exist, a cell must match one of them.
/// </summary>
public sealed record MatchRule(IReadOnlyDictionary<Axis, IReadOnlyList<string>> Conditions, string Path, SourceLocation? Location);
