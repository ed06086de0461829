using System.Text;

namespace LossBench.Sdk.Options;

/// <summary>Option keys are the properties' names in kebab-case: LabelSmoothing is label-smoothing, EceBins is ece-bins.</summary>
public static class KebabCase
{
    public static string From(string pascalName)
    {
        var builder = new StringBuilder(pascalName.Length + 4);
        for (var i = 0; i < pascalName.Length; i++)
        {
            var c = pascalName[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? pascalName[i - 1] : '\0';
                var next = i + 1 < pascalName.Length ? pascalName[i + 1] : '\0';
                // A word starts at an upper-case letter after a lower-case letter or digit, or at the
                // last capital of an acronym ("ECEBins": "ece-bins").
                if (i > 0 && (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next))))
                    builder.Append('-');
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c == '_')
            {
                builder.Append('-');
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
