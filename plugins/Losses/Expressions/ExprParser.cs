using System.Globalization;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// Parses a loss formula: numbers, the variables y (target probabilities), p (softmax), z (logits) and
/// b (bias-model probabilities), + - * / with the usual precedence, unary minus, parentheses, and
/// calls f(x) / f(a, b) of <see cref="ExprFunctions"/>. Errors name the column.
/// <para>
/// Nesting is bounded by <see cref="MaxDepth"/>, both while parsing (parentheses, function calls and
/// unary signs, each a level of recursion here) and in the tree it returns (every operation is a
/// level, so a chain of 300 additions is 300 deep): the printer, the evaluator and the equality of
/// <see cref="ExprNode"/>s recurse over the tree, and only a tree within the bound can never
/// exhaust the stack, which would end the process rather than throw.
/// </para>
/// </summary>
public static class ExprParser
{
    public static readonly IReadOnlyList<string> VariableNames = ["y", "p", "z", "b"];

    /// <summary>The deepest nesting a formula may have; a loss formula anyone writes (or the loss search finds) is a dozen deep.</summary>
    public const int MaxDepth = 200;

    public static ExprNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new State(text);
        var node = parser.Expression().Node;
        parser.SkipSpace();
        if (!parser.AtEnd) throw new ExprParseException(parser.Column, $"unexpected '{parser.Current}' after a complete expression");
        return node;
    }

    /// <summary>A parsed subtree with its height (0 for a number or a variable, else 1 + its deepest argument's).</summary>
    private readonly record struct Parsed(ExprNode Node, int Height);

    private sealed class State(string text)
    {
        private int _i;

        /// <summary>Open parentheses, calls and unary signs around the current position: the parser's own recursion.</summary>
        private int _nesting;

        public bool AtEnd => _i >= text.Length;
        public char Current => text[_i];
        public int Column => _i + 1;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current)) _i++;
        }

        public Parsed Expression()
        {
            var left = Term();
            while (true)
            {
                SkipSpace();
                if (AtEnd || Current is not ('+' or '-')) return left;
                var at = _i;
                var op = Current == '+' ? "add" : "sub";
                _i++;
                left = Apply(op, at, left, Term());
            }
        }

        private Parsed Term()
        {
            var left = Unary();
            while (true)
            {
                SkipSpace();
                if (AtEnd || Current is not ('*' or '/')) return left;
                var at = _i;
                var op = Current == '*' ? "mul" : "div";
                _i++;
                left = Apply(op, at, left, Unary());
            }
        }

        private Parsed Unary()
        {
            SkipSpace();
            if (!AtEnd && Current is '-' or '+')
            {
                var at = _i;
                var minus = Current == '-';
                _i++;
                Enter(at);
                var operand = Unary();
                _nesting--;
                return minus ? Apply("neg", at, operand) : operand;
            }
            return Primary();
        }

        private Parsed Primary()
        {
            SkipSpace();
            if (AtEnd) throw new ExprParseException(Column, "expected a number, a variable, a function or '(' but the formula ends");
            var start = _i;
            if (Current == '(')
            {
                Enter(start);
                _i++;
                var inner = Expression();
                Expect(')', start);
                _nesting--;
                return inner;
            }
            if (char.IsDigit(Current) || Current == '.')
            {
                while (!AtEnd && (char.IsDigit(Current) || Current == '.')) _i++;
                if (!AtEnd && Current is 'e' or 'E')
                {
                    _i++;
                    if (!AtEnd && Current is '+' or '-') _i++;
                    while (!AtEnd && char.IsDigit(Current)) _i++;
                }
                var literal = text[start.._i];
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    throw new ExprParseException(start + 1, $"{Quote(literal)} is not a number");
                // 1e400 reads as infinity, which prints as "Infinity": a formula the canonical form could not give back.
                if (!double.IsFinite(value))
                    throw new ExprParseException(start + 1, $"{Quote(literal)} is too large for a number (at most about 1.8e308)");
                return new Parsed(new ExprConstant(value), 0);
            }
            if (char.IsLetter(Current) || Current == '_')
            {
                while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_')) _i++;
                var name = text[start.._i];
                SkipSpace();
                if (!AtEnd && Current == '(') return Call(name, start);
                if (VariableNames.Contains(name)) return new Parsed(new ExprVariable(name), 0);
                throw new ExprParseException(start + 1, $"unknown name {Quote(name)}{Suggest(name, VariableNames.Concat(ExprFunctions.CallableNames))}; " +
                    $"the variables are {string.Join(", ", VariableNames)} and the functions {string.Join(", ", ExprFunctions.CallableNames)}");
            }
            throw new ExprParseException(Column, $"unexpected '{Current}'");
        }

        private Parsed Call(string name, int start)
        {
            // Operators are written as symbols only: add(a, b) is not a formula.
            var arity = ExprFunctions.Find(name) is { Operator: null } function ? function.Arity : 0;
            if (arity == 0)
                throw new ExprParseException(start + 1, $"unknown function {Quote(name)}{Suggest(name, ExprFunctions.CallableNames)}; the functions are {string.Join(", ", ExprFunctions.CallableNames)}");
            Enter(start);
            _i++; // '('
            var arguments = new List<Parsed> { Expression() };
            SkipSpace();
            while (!AtEnd && Current == ',')
            {
                _i++;
                arguments.Add(Expression());
                SkipSpace();
            }
            Expect(')', start);
            _nesting--;
            if (arguments.Count != arity)
                throw new ExprParseException(start + 1, $"{name} takes {arity} argument{(arity == 1 ? "" : "s")}, got {arguments.Count}");
            return Apply(name, start, [.. arguments]);
        }

        /// <summary>One more level of the parser's recursion, opened at <paramref name="at"/> (0-based).</summary>
        private void Enter(int at)
        {
            if (++_nesting > MaxDepth) throw TooDeep(at);
        }

        /// <summary>The application of <paramref name="function"/> written at <paramref name="at"/> (0-based), refused when the tree would grow past the bound.</summary>
        private static Parsed Apply(string function, int at, params Parsed[] arguments)
        {
            var height = 1 + arguments.Max(a => a.Height);
            if (height > MaxDepth) throw TooDeep(at);
            return new Parsed(new ExprCall(function, arguments.Select(a => a.Node).ToArray()), height);
        }

        private static ExprParseException TooDeep(int at) =>
            new(at + 1, $"the formula nests deeper than {MaxDepth} levels here (each parenthesis, function call, unary sign and operator in a chain is a level); write it with fewer");

        private void Expect(char close, int opened)
        {
            SkipSpace();
            if (AtEnd) throw new ExprParseException(Column, $"missing '{close}' for the '(' at column {opened + 1}");
            if (Current != close) throw new ExprParseException(Column, $"expected '{close}', got '{Current}'");
            _i++;
        }

        /// <summary>A name or number as a message quotes it: a very long one by its start.</summary>
        private static string Quote(string text) => text.Length <= 60 ? $"'{text}'" : $"'{text[..40]}...' ({text.Length} characters)";

        private static string Suggest(string name, IEnumerable<string> names) => LossBench.Sdk.Options.NameSuggester.DidYouMean(name, names);
    }
}
