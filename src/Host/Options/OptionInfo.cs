namespace LossBench.Host.Options;

/// <summary>One option as <c>lossbench list</c> shows it.</summary>
/// <param name="Key">The kebab-case key.</param>
/// <param name="Type">The type in words ("number", "list of integer").</param>
/// <param name="Default">The default value as YAML would write it.</param>
/// <param name="Description">From the property's [Description], or empty.</param>
/// <param name="Constraints">From DataAnnotations ([Range] and the like), or empty.</param>
public sealed record OptionInfo(string Key, string Type, string Default, string Description, string Constraints);
