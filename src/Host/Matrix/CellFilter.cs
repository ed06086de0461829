using System.Text.RegularExpressions;
using LossBench.Host.Config;

namespace LossBench.Host.Matrix;

/// <summary>
/// `--filter`: each filter is <c>axis=pattern</c> (axis: dataset, model, loss, augmentation, seed)
/// or a bare pattern matched against the whole cell label; patterns are globs (* and ?) over a
/// value's label or plugin name. A cell runs when it matches every filter.
/// </summary>
public sealed class CellFilter
{
    private readonly IReadOnlyList<Func<Cell, bool>> _conditions;

    private CellFilter(IReadOnlyList<Func<Cell, bool>> conditions) => _conditions = conditions;

    public static CellFilter All { get; } = new([]);

    public bool Matches(Cell cell) => _conditions.All(condition => condition(cell));

    public static CellFilter Parse(IEnumerable<string> filters)
    {
        var conditions = new List<Func<Cell, bool>>();
        foreach (var filter in filters)
        {
            var equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                var whole = Glob("*" + filter + "*");
                conditions.Add(cell => whole.IsMatch(cell.Label));
                continue;
            }
            var axisText = filter[..equals].Trim();
            var pattern = Glob(filter[(equals + 1)..].Trim());
            if (axisText == "seed")
            {
                conditions.Add(cell => pattern.IsMatch(cell.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }
            if (!Enum.TryParse<Axis>(axisText, ignoreCase: true, out var axis) || !Enum.IsDefined(axis))
                throw new ArgumentException($"--filter {filter}: unknown axis '{axisText}'; use dataset, model, loss, augmentation or seed");
            conditions.Add(cell => pattern.IsMatch(cell.On(axis).Label) || pattern.IsMatch(cell.On(axis).Name));
        }
        return new CellFilter(conditions);
    }

    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
}
