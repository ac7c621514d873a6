process.stdout.write('fastapi-engineer: no commands yet\n');
