using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LossBench.Host.Cli;

/// <summary>
/// Command-line parse errors in the user's terms: a value that does not convert says what was
/// expected ("--threads: expected an integer, got 'abc'") instead of naming a .NET type; every other
/// error keeps System.CommandLine's message. The exit code is <see cref="ExitCodes.BadInput"/>.
/// </summary>
public static class ParseErrorMessages
{
    public static int Report(ParseResult parse, TextWriter error)
    {
        foreach (var message in parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal)) error.WriteLine($"error: {message}");
        error.WriteLine($"see `{string.Join(' ', CommandPath(parse.CommandResult).Prepend("lossbench"))} --help`");
        return ExitCodes.BadInput;
    }

    public static string Describe(ParseError error)
    {
        var (name, tokens, type) = error.SymbolResult switch
        {
            OptionResult option => (option.Option.Name, option.Tokens, option.Option.ValueType),
            ArgumentResult { Parent: OptionResult option } argument => (option.Option.Name, argument.Tokens, option.Option.ValueType),
            ArgumentResult argument => (argument.Argument.Name, argument.Tokens, argument.Argument.ValueType),
            _ => (null, [], typeof(string)),
        };
        if (name is null) return error.Message;
        var element = type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        var wrong = tokens.FirstOrDefault(t => !Converts(t.Value, element));
        return wrong is null ? error.Message : $"{name}: expected {Expected(element)}, got '{wrong.Value}'";
    }

    private static IEnumerable<string> CommandPath(CommandResult? command)
    {
        var names = new List<string>();
        for (var result = command; result?.Parent is CommandResult parent; result = parent) names.Insert(0, result.Command.Name);
        return names;
    }

    private static bool Converts(string text, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(uint) => uint.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out _),
            _ when type == typeof(float) => float.TryParse(text, NumberStyles.Float, invariant, out _),
            _ when type == typeof(bool) => bool.TryParse(text, out _),
            { IsEnum: true } => Enum.GetNames(type).Contains(text, StringComparer.OrdinalIgnoreCase),
            _ => true,
        };
    }

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(uint) || type == typeof(ulong) => "a non-negative integer",
        _ when type == typeof(double) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant())),
        _ => "a value of another form",
    };
}
