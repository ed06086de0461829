using System.Globalization;

namespace LossBench.Plugins.Losses.Expressions;

/// <summary>
/// Parses a loss formula: numbers, the variables y (target probabilities), p (softmax), z (logits) and
/// b (bias-model probabilities), + - * / with the usual precedence, unary minus, parentheses, and
/// calls f(x) / f(a, b) of <see cref="ExprFunctions"/>. Errors name the column.
/// </summary>
public static class ExprParser
{
    public static readonly IReadOnlyList<string> VariableNames = ["y", "p", "z", "b"];

    public static ExprNode Parse(string text)
    {
        var parser = new State(text);
        var node = parser.Expression();
        parser.SkipSpace();
        if (!parser.AtEnd) throw new ExprParseException(parser.Column, $"unexpected '{parser.Current}' after a complete expression");
        return node;
    }

    private sealed class State(string text)
    {
        private int _i;

        public bool AtEnd => _i >= text.Length;
        public char Current => text[_i];
        public int Column => _i + 1;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current)) _i++;
        }

        public ExprNode Expression()
        {
            var left = Term();
            while (true)
            {
                SkipSpace();
                if (AtEnd || Current is not ('+' or '-')) return left;
                var op = Current == '+' ? "add" : "sub";
                _i++;
                left = new ExprCall(op, [left, Term()]);
            }
        }

        private ExprNode Term()
        {
            var left = Unary();
            while (true)
            {
                SkipSpace();
                if (AtEnd || Current is not ('*' or '/')) return left;
                var op = Current == '*' ? "mul" : "div";
                _i++;
                left = new ExprCall(op, [left, Unary()]);
            }
        }

        private ExprNode Unary()
        {
            SkipSpace();
            if (!AtEnd && Current == '-')
            {
                _i++;
                return new ExprCall("neg", [Unary()]);
            }
            if (!AtEnd && Current == '+')
            {
                _i++;
                return Unary();
            }
            return Primary();
        }

        private ExprNode Primary()
        {
            SkipSpace();
            if (AtEnd) throw new ExprParseException(Column, "expected a number, a variable, a function or '(' but the formula ends");
            var start = _i;
            if (Current == '(')
            {
                _i++;
                var inner = Expression();
                Expect(')', start);
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
                return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    ? new ExprConstant(value)
                    : throw new ExprParseException(start + 1, $"'{literal}' is not a number");
            }
            if (char.IsLetter(Current) || Current == '_')
            {
                while (!AtEnd && (char.IsLetterOrDigit(Current) || Current == '_')) _i++;
                var name = text[start.._i];
                SkipSpace();
                if (!AtEnd && Current == '(') return Call(name, start);
                if (VariableNames.Contains(name)) return new ExprVariable(name);
                throw new ExprParseException(start + 1, $"unknown name '{name}'{Suggest(name, VariableNames.Concat(ExprFunctions.CallableNames))}; " +
                    $"the variables are {string.Join(", ", VariableNames)} and the functions {string.Join(", ", ExprFunctions.CallableNames)}");
            }
            throw new ExprParseException(Column, $"unexpected '{Current}'");
        }

        private ExprNode Call(string name, int start)
        {
            // Operators are written as symbols only: add(a, b) is not a formula.
            var arity = ExprFunctions.Find(name) is { Operator: null } function ? function.Arity : 0;
            if (arity == 0)
                throw new ExprParseException(start + 1, $"unknown function '{name}'{Suggest(name, ExprFunctions.CallableNames)}; the functions are {string.Join(", ", ExprFunctions.CallableNames)}");
            _i++; // '('
            var arguments = new List<ExprNode> { Expression() };
            SkipSpace();
            while (!AtEnd && Current == ',')
            {
                _i++;
                arguments.Add(Expression());
                SkipSpace();
            }
            Expect(')', start);
            if (arguments.Count != arity)
                throw new ExprParseException(start + 1, $"{name} takes {arity} argument{(arity == 1 ? "" : "s")}, got {arguments.Count}");
            return new ExprCall(name, arguments);
        }

        private void Expect(char close, int opened)
        {
            SkipSpace();
            if (AtEnd) throw new ExprParseException(Column, $"missing '{close}' for the '(' at column {opened + 1}");
            if (Current != close) throw new ExprParseException(Column, $"expected '{close}', got '{Current}'");
            _i++;
        }

        private static string Suggest(string name, IEnumerable<string> names) => LossBench.Sdk.Options.NameSuggester.DidYouMean(name, names);
    }
}
